package chromeprofile

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"errors"
	"fmt"
)

// Platform is the operating system whose Chrome wrote a profile: it
// decides how encrypted values are read.
type Platform uint8

const (
	// Linux: "v10" values under the fixed password "peanuts", "v11" under
	// the keyring's password (Keys.Password); AES-128-CBC, keys from
	// PBKDF2-HMAC-SHA1 with the salt "saltysalt" and one iteration.
	Linux Platform = iota
	// MacOS: "v10" values under the Keychain's "Chrome Safe Storage"
	// password (Keys.Password) with 1003 iterations (Keys.Iterations).
	MacOS
	// Windows: values protected by DPAPI or app-bound encryption, which
	// this package cannot read: each such value is reported as
	// ErrUnsupported.
	Windows
)

// String returns the platform's name.
func (p Platform) String() string {
	switch p {
	case MacOS:
		return "macOS"
	case Windows:
		return "Windows"
	}
	return "Linux"
}

// Keys says how to decrypt a profile's values. The zero Keys reads a Linux
// profile whose values are plaintext or "v10".
type Keys struct {
	// Platform is the system the profile comes from.
	Platform Platform
	// Password is the secret Chrome keeps outside the profile: on Linux the
	// keyring's (GNOME libsecret, KWallet) for "v11" values, on macOS the
	// Keychain's "Chrome Safe Storage" for every encrypted value.
	Password []byte
	// Iterations is the PBKDF2 iteration count on macOS; zero: 1003.
	Iterations int
}

// Errors of encrypted values, reported per cookie.
var (
	// ErrNoPassword: a value needs Keys.Password, which is empty.
	ErrNoPassword = errors.New("chromeprofile: the value needs the password Chrome keeps outside the profile (Keys.Password)")
	// ErrUnsupported: a value encrypted in a way this package cannot
	// read (Windows DPAPI or app-bound encryption, an unknown prefix).
	ErrUnsupported = errors.New("chromeprofile: unsupported value encryption")
	// ErrDecrypt: a value does not decrypt under the key (a wrong
	// password, or a damaged value).
	ErrDecrypt = errors.New("chromeprofile: the value does not decrypt")
)

// The parameters of Chrome's value encryption on Linux and macOS.
var (
	salt        = []byte("saltysalt")
	linuxV10    = []byte("peanuts")
	cbcIV       = bytes.Repeat([]byte{' '}, aes.BlockSize)
	macDefaults = 1003
)

// key derives the AES-128 key of a password.
func key(password []byte, iterations int) ([]byte, error) {
	return pbkdf2.Key(sha1.New, string(password), salt, iterations, 16)
}

// decrypter decrypts the values of one profile; its keys are derived once.
type decrypter struct {
	platform Platform
	v10, v11 []byte // nil: not available
}

func newDecrypter(k Keys) (*decrypter, error) {
	d := &decrypter{platform: k.Platform}
	var err error
	switch k.Platform {
	case Linux:
		if d.v10, err = key(linuxV10, 1); err != nil {
			return nil, fmt.Errorf("chromeprofile: deriving the v10 key: %w", err)
		}
		if len(k.Password) > 0 {
			if d.v11, err = key(k.Password, 1); err != nil {
				return nil, fmt.Errorf("chromeprofile: deriving the v11 key: %w", err)
			}
		}
	case MacOS:
		if len(k.Password) > 0 {
			it := k.Iterations
			if it <= 0 {
				it = macDefaults
			}
			if d.v10, err = key(k.Password, it); err != nil {
				return nil, fmt.Errorf("chromeprofile: deriving the key: %w", err)
			}
		}
	}
	return d, nil
}

// decrypt returns the plaintext of an encrypted_value blob.
func (d *decrypter) decrypt(blob []byte) ([]byte, error) {
	if d.platform == Windows {
		return nil, fmt.Errorf("%w: Windows values (DPAPI, app-bound) cannot be read here", ErrUnsupported)
	}
	if len(blob) < 3 {
		return nil, fmt.Errorf("%w: a %d-byte value has no version prefix", ErrUnsupported, len(blob))
	}
	var k []byte
	switch prefix := string(blob[:3]); {
	case prefix == "v10" && d.platform == Linux:
		k = d.v10
	case prefix == "v10" && d.platform == MacOS:
		if k = d.v10; k == nil {
			return nil, ErrNoPassword
		}
	case prefix == "v11" && d.platform == Linux:
		if k = d.v11; k == nil {
			return nil, ErrNoPassword
		}
	default:
		return nil, fmt.Errorf("%w: prefix %q on %s", ErrUnsupported, prefix, d.platform)
	}
	body := blob[3:]
	if len(body) == 0 || len(body)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("%w: %d bytes is not a whole number of blocks", ErrDecrypt, len(body))
	}
	b, err := aes.NewCipher(k)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecrypt, err)
	}
	out := make([]byte, len(body))
	cipher.NewCBCDecrypter(b, cbcIV).CryptBlocks(out, body)
	n := int(out[len(out)-1])
	if n == 0 || n > aes.BlockSize || !bytes.Equal(out[len(out)-n:], bytes.Repeat([]byte{byte(n)}, n)) {
		return nil, fmt.Errorf("%w: bad padding (a wrong password?)", ErrDecrypt)
	}
	return out[:len(out)-n], nil
}

// Encrypt returns value encrypted as Chrome on platform would write it
// under keys, with the "v10" or "v11" prefix: for tests and for writing
// profiles. Windows is ErrUnsupported.
func Encrypt(k Keys, prefix string, plaintext []byte) ([]byte, error) {
	d, err := newDecrypter(k)
	if err != nil {
		return nil, err
	}
	var key []byte
	switch {
	case prefix == "v10" && k.Platform != Windows:
		key = d.v10
	case prefix == "v11" && k.Platform == Linux:
		key = d.v11
	default:
		return nil, fmt.Errorf("%w: prefix %q on %s", ErrUnsupported, prefix, k.Platform)
	}
	if key == nil {
		return nil, ErrNoPassword
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	n := aes.BlockSize - len(plaintext)%aes.BlockSize
	padded := append(bytes.Clone(plaintext), bytes.Repeat([]byte{byte(n)}, n)...)
	out := make([]byte, len(padded))
	cipher.NewCBCEncrypter(b, cbcIV).CryptBlocks(out, padded)
	return append([]byte(prefix), out...), nil
}

// Crypter encrypts and decrypts values as Chrome does under some Keys: a
// sqlitestore.Crypter, so that sqlitestore writes a Cookies database whose
// values Chrome on that system reads (Options.Crypter), and reads one back.
// Make it with NewCrypter; it is safe for concurrent use.
type Crypter struct {
	keys   Keys
	prefix string
	dec    *decrypter
}

// NewCrypter returns a Crypter writing values with prefix ("v10", or "v11"
// on Linux) under keys.
func NewCrypter(keys Keys, prefix string) (*Crypter, error) {
	if _, err := Encrypt(keys, prefix, nil); err != nil {
		return nil, err
	}
	d, err := newDecrypter(keys)
	if err != nil {
		return nil, err
	}
	return &Crypter{keys: keys, prefix: prefix, dec: d}, nil
}

// Encrypt returns the stored form of plaintext.
func (c *Crypter) Encrypt(plaintext []byte) ([]byte, error) {
	return Encrypt(c.keys, c.prefix, plaintext)
}

// Decrypt returns the plaintext of a stored value.
func (c *Crypter) Decrypt(ciphertext []byte) ([]byte, error) { return c.dec.decrypt(ciphertext) }
