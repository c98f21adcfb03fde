package jmzs

import (
	"context"
	"log/slog"
	"time"
)

// The client logs by allowlist: request line without the query (which
// may hold personal data), status, codes, ids and timing. Headers and
// bodies, and so credentials and signatures, are never logged.

// logAttempt records one attempt at debug level.
func (c *Client) logAttempt(ctx context.Context, e *encoded, attempt int, latency time.Duration, o *outcome, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := make([]slog.Attr, 0, 12)
	attrs = append(attrs,
		slog.String("method", e.method),
		slog.String("host", e.url.Host),
		slog.String("path", e.url.Path),
		slog.Int("attempt", attempt),
		slog.Duration("latency", latency),
	)
	if o != nil {
		attrs = append(attrs, slog.Int("status", o.status), slog.String("request_id", o.requestID))
		if o.env.Code != nil {
			attrs = append(attrs, slog.Int("code", int(*o.env.Code)), slog.String("task_no", string(o.env.TaskNo)))
		}
		if o.env.ErrorCode != "" {
			attrs = append(attrs, slog.String("error_code", o.env.ErrorCode))
		}
		err = o.err
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "jmzs attempt", attrs...)
}

// logRetry records at info level that attempt failed with err and is
// retried after wait.
func (c *Client) logRetry(ctx context.Context, e *encoded, attempt int, wait time.Duration, err error) {
	if c.logger == nil {
		return
	}
	c.logger.LogAttrs(ctx, slog.LevelInfo, "jmzs retry",
		slog.String("method", e.method), slog.String("host", e.url.Host), slog.String("path", e.url.Path),
		slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("error", err.Error()))
}

// logClockSkew records at info level that the gateway's clock differs
// and the call is signed again.
func (c *Client) logClockSkew(ctx context.Context, e *encoded, offset time.Duration) {
	if c.logger == nil {
		return
	}
	c.logger.LogAttrs(ctx, slog.LevelInfo, "jmzs clock skew: signing again",
		slog.String("method", e.method), slog.String("host", e.url.Host), slog.String("path", e.url.Path),
		slog.Duration("offset", offset))
}
