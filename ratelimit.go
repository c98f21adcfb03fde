package jmzs

import (
	"context"
	"fmt"
)

// RateLimiter paces a client's attempts. Wait blocks until the next
// attempt may start, or returns an error when it cannot before ctx ends.
// *rate.Limiter from golang.org/x/time/rate satisfies it.
type RateLimiter interface {
	Wait(ctx context.Context) error
}

// waitTurn waits for the client's rate limiter, if any.
func (c *Client) waitTurn(ctx context.Context) error {
	if c.limiter == nil {
		return nil
	}
	err := c.limiter.Wait(ctx)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("jmzs: rate limiter: %w (%w)", err, ctx.Err())
	}
	return fmt.Errorf("jmzs: rate limiter: %w", err)
}
