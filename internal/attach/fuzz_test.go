package attach_test

import (
	"testing"

	"github.com/udrul/udrul/internal/attach"
)

// FuzzCheck: any file name and content is either accepted with a content
// type or refused with a message; never a panic.
func FuzzCheck(f *testing.F) {
	f.Add("rapport.pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"))
	f.Add("billede.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	f.Add("ark.xlsx", []byte("PK\x03\x04\x14\x00\x06\x00"))
	f.Add("noter.txt", []byte("Mødereferat\nPunkt 1"))
	f.Add(`C:\fakepath\x.csv`, []byte("a;b\n1;2\n"))
	f.Add("falsk.pdf", []byte("MZ\x90\x00"))
	f.Add("", []byte{})
	f.Fuzz(func(t *testing.T, name string, content []byte) {
		n, err := attach.Name(name)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		ct, err := attach.Check(n, content)
		if err == nil && ct == "" {
			t.Fatalf("%q accepted without a content type", n)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error message")
		}
	})
}
