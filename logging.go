package jmzs

import (
	"context"
	"log/slog"
	"time"
)

// The client logs by allowlist: request line without the query (which
// may hold personal data), status, codes, ids and timing, and the error,
// whose text masks the request data a gateway quotes back (see
// GatewayError). Headers and bodies, and so credentials and signatures,
// are never logged.

// logAttempt records one attempt at debug level.
func (c *Client) logAttempt(ctx context.Context, cl *call, attempt int, latency time.Duration, v *verdict, requestID, taskNo string) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	var buf [9]slog.Attr
	attrs := append(buf[:0], slog.Int("attempt", attempt), slog.Duration("latency", latency))
	if v.decoded {
		attrs = append(attrs, slog.Int("status", v.status), slog.String("request_id", requestID))
		if v.hasCode {
			attrs = append(attrs, slog.Int("code", v.code), slog.String("task_no", taskNo))
		}
		if v.gateway != nil && v.gateway.ErrorCode != "" {
			attrs = append(attrs, slog.String("error_code", v.gateway.ErrorCode))
		}
	} else if v.status != 0 {
		attrs = append(attrs, slog.Int("status", v.status))
	}
	if v.err != nil {
		attrs = append(attrs, slog.String("error", v.err.Error()))
	}
	c.logCall(ctx, slog.LevelDebug, "jmzs attempt", cl, attrs...)
}

// logRetry records at info level that attempt failed with err and is
// retried after wait.
func (c *Client) logRetry(ctx context.Context, cl *call, attempt int, wait time.Duration, err error) {
	if c.logger == nil {
		return
	}
	c.logCall(ctx, slog.LevelInfo, "jmzs retry", cl,
		slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("error", err.Error()))
}

// logClockSkew records at info level that the gateway's clock differs
// and the call is signed again.
func (c *Client) logClockSkew(ctx context.Context, cl *call, offset time.Duration) {
	if c.logger == nil {
		return
	}
	c.logCall(ctx, slog.LevelInfo, "jmzs clock skew: signing again", cl, slog.Duration("offset", offset))
}

// logCall logs msg about cl: its request line, attrs, then the call's
// CallLogAttrs.
func (c *Client) logCall(ctx context.Context, level slog.Level, msg string, cl *call, attrs ...slog.Attr) {
	all := make([]slog.Attr, 0, 3+len(attrs)+len(cl.logAttrs))
	all = append(all, slog.String("method", cl.method), slog.String("host", cl.pristine.Host), slog.String("path", cl.pristine.Path))
	all = append(append(all, attrs...), cl.logAttrs...)
	c.logger.LogAttrs(ctx, level, msg, all...)
}
