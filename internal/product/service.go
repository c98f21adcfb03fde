package product

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jmzs-sdk/jmzs-go"
)

// Service is the part of a product package's Service that every product
// shares: the client, and each method's endpoint, resolved once by Init.
// Its zero value calls every method's default endpoint.
//
// Where a method is sent follows one rule: its own endpoint option (such
// as express.WithEndpoint), a full URL used as given, if set; else the
// service's base URL (WithBaseURL) with the method's default path
// appended, if set; else the method's default endpoint.
type Service struct {
	client  *jmzs.Client
	baseURL string
	set     map[*Method]string // endpoints set by options
	urls    map[*Method]string // resolved by Init
	err     error              // the first bad option, returned by every call
}

// Init runs each non-nil option on s, whose shared part is base, then
// makes base send its calls through c and resolves the endpoint of each
// method. A bad endpoint or base URL is kept, and returned by every
// call, naming the option that set it. Init returns s.
func Init[S any, O ~func(*S)](s *S, base *Service, c *jmzs.Client, opts []O, methods ...*Method) *S {
	for _, opt := range opts {
		if opt != nil {
			opt(s)
		}
	}
	base.client = c
	base.urls = make(map[*Method]string, len(methods))
	var baseURL *url.URL
	if base.baseURL != "" {
		baseURL, base.err = parseBase(methods[0].pkg()+".WithBaseURL", base.baseURL)
	}
	for _, m := range methods {
		u, err := resolve(m, base.set[m], baseURL)
		if err != nil && base.err == nil {
			base.err = err
		}
		base.urls[m] = u
	}
	return s
}

// SetBaseURL records the base URL for every method of the service: a
// server, optionally with a path prefix, to which each method's default
// path is appended. An empty u restores the default endpoints.
func (s *Service) SetBaseURL(u string) { s.baseURL = u }

// SetEndpoint records the full URL of method m. An empty u unsets it.
func (s *Service) SetEndpoint(m *Method, u string) {
	if s.set == nil {
		s.set = make(map[*Method]string)
	}
	s.set[m] = u
}

// resolve applies the rule of Service to m, given the endpoint set for
// it, if any, and the service's base URL, if any.
func resolve(m *Method, endpoint string, base *url.URL) (string, error) {
	if endpoint != "" {
		u, err := parse(m.Option, endpoint)
		if err != nil {
			return "", err
		}
		if u.Path == "" || strings.HasSuffix(u.Path, "/") {
			return "", fmt.Errorf("jmzs: %s(%q): want the method's full URL, such as %s; for a server, use %s.WithBaseURL",
				m.Option, u, m.Endpoint, m.pkg())
		}
		return endpoint, nil
	}
	if base == nil {
		return m.Endpoint, nil
	}
	def, err := url.Parse(m.Endpoint)
	if err != nil {
		return "", fmt.Errorf("jmzs: %s: default endpoint: %w", m.Name, err)
	}
	return base.JoinPath(def.Path).String(), nil
}

// parseBase checks a base URL: as parse does, and with no query.
func parseBase(option, raw string) (*url.URL, error) {
	u, err := parse(option, raw)
	if err != nil {
		return nil, err
	}
	if u.RawQuery != "" || u.ForceQuery {
		return nil, fmt.Errorf("jmzs: %s(%q): a base URL takes no query", option, u)
	}
	return u, nil
}

// parse checks that raw is an absolute http or https URL with neither
// user information nor fragment. Its errors quote the URL only once it
// is known to hold no password.
func parse(option, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error quotes the whole URL
		}
		return nil, fmt.Errorf("jmzs: %s: not a URL: %w", option, err)
	}
	switch {
	case u.User != nil:
		return nil, fmt.Errorf("jmzs: %s: the URL must not hold a user name or password", option)
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		return nil, fmt.Errorf("jmzs: %s(%q): want an absolute http or https URL", option, u)
	case u.Fragment != "":
		return nil, fmt.Errorf("jmzs: %s(%q): the URL must have no fragment", option, u)
	}
	return u, nil
}

// Call sends req to m's endpoint through s's client, with the credential
// of m's market, and decodes the envelope's data into T. opts change this
// call only. Every product method ends with it. A client that holds no
// credential for m's market gets a *jmzs.MarketError naming the method,
// and nothing is sent.
func Call[T any](ctx context.Context, s *Service, m *Method, req *jmzs.Request, opts ...jmzs.CallOption) (*jmzs.Response[T], error) {
	if s.err != nil {
		return nil, s.err
	}
	req.URL = m.Endpoint
	if u, ok := s.urls[m]; ok {
		req.URL = u
	}
	req.Market = m.Market
	resp, err := jmzs.Do[T](ctx, s.client, req, opts...)
	var me *jmzs.MarketError
	if err != nil && errors.As(err, &me) {
		me.API = m.Name // Do named the endpoint; users know the method
	}
	return resp, err
}
