package apigsign

import (
	"crypto/hmac"
	"crypto/sha256"
)

// Key is an AppSecret prepared for HMAC-SHA256: the padded inner and outer
// blocks are computed once, so each signature costs two SHA-256 sums and
// no allocation.
type Key struct {
	ipad, opad [sha256.BlockSize]byte
}

// NewKey prepares secret for signing.
func NewKey(secret string) *Key {
	k := new(Key)
	block := []byte(secret)
	if len(block) > sha256.BlockSize {
		sum := sha256.Sum256(block)
		block = sum[:]
	}
	copy(k.ipad[:], block)
	copy(k.opad[:], block)
	for i := range k.ipad {
		k.ipad[i] ^= 0x36
		k.opad[i] ^= 0x5c
	}
	return k
}

// MAC returns HMAC-SHA256(secret, msg).
func (k *Key) MAC(msg []byte) [sha256.Size]byte {
	var inner [sha256.Size]byte
	if len(msg) <= 192 {
		var b [sha256.BlockSize + 192]byte
		n := copy(b[:], k.ipad[:])
		n += copy(b[n:], msg)
		inner = sha256.Sum256(b[:n])
	} else {
		h := sha256.New()
		h.Write(k.ipad[:])
		h.Write(msg)
		h.Sum(inner[:0])
	}
	var o [sha256.BlockSize + sha256.Size]byte
	copy(o[:], k.opad[:])
	copy(o[sha256.BlockSize:], inner[:])
	return sha256.Sum256(o[:])
}

// Equal reports whether sig (hex) is the signature of msg, in constant time.
func (k *Key) Equal(msg []byte, sig string) bool {
	sum := k.MAC(msg)
	var want [2 * sha256.Size]byte
	hexEncode(want[:], sum[:])
	return hmac.Equal(want[:], []byte(sig))
}

func hexEncode(dst, src []byte) {
	const digits = "0123456789abcdef"
	for i, b := range src {
		dst[2*i] = digits[b>>4]
		dst[2*i+1] = digits[b&15]
	}
}

// AppendMACHex appends the lower-case hex of MAC(msg).
func (k *Key) AppendMACHex(dst, msg []byte) []byte {
	sum := k.MAC(msg)
	var h [2 * sha256.Size]byte
	hexEncode(h[:], sum[:])
	return append(dst, h[:]...)
}
