package apigsign

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"
)

// Key is an AppSecret prepared for HMAC-SHA256. It keeps a pool of
// crypto/hmac states; once reset, such a state restores the hashes of the
// padded key blocks instead of hashing them again (crypto/hmac's Reset),
// so a signature costs the message's blocks and one outer block, and no
// allocation. A Key is safe for concurrent use.
type Key struct {
	macs sync.Pool // of *mac
}

// mac is one HMAC state, with room for its message and sum. Both are
// passed through the hash.Hash interface, which makes what it is given
// escape: kept here, on the heap already, they cost no allocation and the
// caller's buffers can stay on its stack.
type mac struct {
	h   hash.Hash
	msg []byte
	sum [sha256.Size]byte
}

// NewKey prepares secret for signing.
func NewKey(secret string) *Key {
	k := new(Key)
	key := []byte(secret) // hmac.New copies it
	k.macs.New = func() any {
		m := &mac{h: hmac.New(sha256.New, key)}
		m.h.Reset() // saves the padded-key states for the Resets to come
		return m
	}
	return k
}

// compute returns a state holding HMAC-SHA256(secret, msg) in its sum;
// the caller puts it back in k.macs when done with the sum.
func (k *Key) compute(msg []byte) *mac {
	m := k.macs.Get().(*mac)
	m.msg = append(m.msg[:0], msg...)
	m.h.Write(m.msg)
	m.h.Sum(m.sum[:0])
	m.h.Reset()
	return m
}

// Equal reports whether sig (hex) is the signature of msg, in constant time.
func (k *Key) Equal(msg []byte, sig string) bool {
	var want [2 * sha256.Size]byte
	m := k.compute(msg)
	appendHex(want[:0], &m.sum)
	k.macs.Put(m)
	return hmac.Equal(want[:], []byte(sig))
}

// AppendMACHex appends the lower-case hex of HMAC-SHA256(secret, msg).
func (k *Key) AppendMACHex(dst, msg []byte) []byte {
	m := k.compute(msg)
	dst = appendHex(dst, &m.sum)
	k.macs.Put(m)
	return dst
}
