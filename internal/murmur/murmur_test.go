package murmur

import "testing"

// TestMix checks fmix64 against values of MurmurHash3's reference code.
func TestMix(t *testing.T) {
	for _, c := range []struct{ in, want uint64 }{
		{0, 0},
		{1, 0xb456bcfc34c2cb2c},
		{2, 0x3abf2a20650683e7},
		{0xdeadbeef, 0xd24bd59f862a1dac},
		{^uint64(0), 0x64b5720b4b825f21},
	} {
		if got := Mix(c.in); got != c.want {
			t.Errorf("Mix(%#x) = %#x, want %#x", c.in, got, c.want)
		}
	}
}
