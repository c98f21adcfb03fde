//go:build race

package jmzs

// The race detector makes sync.Pool drop items and changes escape
// analysis, so allocation counts mean nothing under it.
func init() { raceEnabled = true }
