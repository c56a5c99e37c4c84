package web

import (
	"fmt"
	"net/url"
	"strings"
)

// DefaultBaseURL is the base of a server given none (web.New without
// WithBaseURL); `udrul serve` always gives one.
const DefaultBaseURL = "http://localhost:8080"

// WithBaseURL sets where users reach the server (https://udrul.example):
// every absolute URL the server makes – calendar feed addresses, the links
// inside feeds and the OpenID Connect redirect – starts with it. The
// request's Host header never counts, because anyone can send any Host: a
// feed address made from it could point a municipality's calendar at
// another site. base must pass ParseBaseURL.
func WithBaseURL(base string) Option {
	return func(s *Server) error {
		u, err := ParseBaseURL(base)
		if err != nil {
			return err
		}
		s.baseURL = u
		return nil
	}
}

// ParseBaseURL checks a base URL: http or https, a host, nothing after it
// (udrul serves from the root, so a path would give links it does not
// answer). It returns it without a trailing slash.
func ParseBaseURL(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--base-url %q must be http(s)://HOST[:PORT] without a path, e.g. https://udrul.kombit.dk", base)
	}
	return u.Scheme + "://" + u.Host, nil
}

// feedURL is the address of a calendar feed.
func (s *Server) feedURL(token string) string { return s.baseURL + "/ical/" + token + ".ics" }
