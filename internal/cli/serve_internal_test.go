package cli

import (
	"net"
	"testing"
)

// TestReachableAddr: the base URL without --base-url names the port the
// server got and a host a browser on the machine can use.
func TestReachableAddr(t *testing.T) {
	for _, tc := range []struct{ asked, got, want string }{
		{"localhost:8080", "127.0.0.1:8080", "localhost:8080"},
		{"127.0.0.1:0", "127.0.0.1:41234", "127.0.0.1:41234"},
		{":8080", "[::]:8080", "localhost:8080"},
		{"0.0.0.0:8080", "0.0.0.0:8080", "localhost:8080"},
		{"[::]:9000", "[::]:9000", "localhost:9000"},
		{"udrul.internal:8080", "10.0.0.5:8080", "udrul.internal:8080"},
		{"[::1]:0", "[::1]:5555", "[::1]:5555"},
	} {
		got, err := net.ResolveTCPAddr("tcp", tc.got)
		if err != nil {
			t.Fatal(err)
		}
		if r := reachableAddr(tc.asked, got); r != tc.want {
			t.Errorf("reachableAddr(%q, %s) = %q, want %q", tc.asked, tc.got, r, tc.want)
		}
	}
}
