// Package murmur is MurmurHash3's 64-bit finaliser, the mixer that
// arcflow's hashes end with.
package murmur

// Mix is MurmurHash3's fmix64: a bijection on uint64 in which every input
// bit affects every output bit, so that a hash built by cheap steps (sums,
// FNV) comes out with its bits well spread.
func Mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}
