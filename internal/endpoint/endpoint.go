// Package endpoint resolves the URL a product method calls from its
// default and a caller's override, the rule behind every product
// package's WithEndpoint.
package endpoint

import (
	"fmt"
	"net/url"
	"strings"
)

// Resolve returns the URL to call. An empty override gives def. An
// override with no path, or whose path ends in "/", is a base URL: def's
// path is appended to it, so "http://127.0.0.1:8080" and
// "http://127.0.0.1:8080/prefix/" both reach the default path on that
// server. Any other override is the full endpoint, used as it is.
func Resolve(override, def string) (string, error) {
	if override == "" {
		return def, nil
	}
	u, err := url.Parse(override)
	if err != nil {
		return "", fmt.Errorf("jmzs: endpoint: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("jmzs: endpoint %q: want an absolute http or https URL", override)
	}
	if !isBase(u) {
		return override, nil
	}
	d, err := url.Parse(def)
	if err != nil {
		return "", fmt.Errorf("jmzs: default endpoint: %w", err)
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + d.Path
	u.RawPath = ""
	return u.String(), nil
}

// Inherit returns the override for a product's second method: its own
// override if set, else the first method's override when that is a base
// URL (a full endpoint names one method only), else "".
func Inherit(own, first string) string {
	if own != "" {
		return own
	}
	if u, err := url.Parse(first); err == nil && first != "" && isBase(u) {
		return first
	}
	return ""
}

func isBase(u *url.URL) bool { return u.Path == "" || strings.HasSuffix(u.Path, "/") }
