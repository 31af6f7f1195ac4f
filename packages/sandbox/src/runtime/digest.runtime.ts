/**
 * In-isolate source: UTF-8, base64 and hex codecs and the message digests behind the `hash()` string
 * extension (MD5, SHA-1, SHA-224/256, SHA-384/512, SHA3-512), written from their specifications (RFC 1321,
 * FIPS 180-4, FIPS 202) because the isolate has neither node:crypto nor Web Crypto. Inputs are strings,
 * hashed as their UTF-8 bytes; digests are lowercase hex.
 */
export const digestRuntimeSource = String.raw`
var BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The UTF-8 bytes of a string; a lone surrogate becomes U+FFFD, as TextEncoder does. */
function utf8Encode(text) {
  var bytes = [];
  for (var i = 0; i < text.length; i++) {
    var point = text.codePointAt(i);
    if (point > 0xffff) i++;
    else if (point >= 0xd800 && point <= 0xdfff) point = 0xfffd;
    if (point < 0x80) bytes.push(point);
    else if (point < 0x800) bytes.push(0xc0 | (point >> 6), 0x80 | (point & 63));
    else if (point < 0x10000) bytes.push(0xe0 | (point >> 12), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63));
    else bytes.push(0xf0 | (point >> 18), 0x80 | ((point >> 12) & 63), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63));
  }
  return bytes;
}

/** Decodes UTF-8 bytes; a malformed sequence becomes U+FFFD. */
function utf8Decode(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; ) {
    var lead = bytes[i];
    var size = lead < 0x80 ? 1 : lead >= 0xf0 && lead < 0xf5 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
    var point = size === 1 ? lead : size === 0 ? -1 : lead & (0xff >> (size + 1));
    for (var k = 1; k < size && point >= 0; k++) {
      var next = bytes[i + k];
      point = next !== undefined && (next & 0xc0) === 0x80 ? (point << 6) | (next & 63) : -1;
    }
    var minimum = [0, 0, 0x80, 0x800, 0x10000][size];
    if (point < minimum || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
      out += '\ufffd';
      i += 1;
    } else {
      out += String.fromCodePoint(point);
      i += size;
    }
  }
  return out;
}

function base64FromBytes(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; i += 3) {
    var chunk = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
    out += BASE64_ALPHABET[chunk >> 18] + BASE64_ALPHABET[(chunk >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64_ALPHABET[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64_ALPHABET[chunk & 63] : '=';
  }
  return out;
}

/** Standard or URL-safe base64, padded or not; characters outside the alphabet are skipped. */
function bytesFromBase64(text) {
  var clean = text.replace(/-/g, '+').replace(/_/g, '/').replace(/[^A-Za-z0-9+/]/g, '');
  var bytes = [];
  var buffer = 0;
  var bits = 0;
  for (var i = 0; i < clean.length; i++) {
    buffer = (buffer << 6) | BASE64_ALPHABET.indexOf(clean[i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

function hexFromWords(words, wordBytes, littleEndian) {
  var out = '';
  words.forEach(function (word) {
    for (var b = 0; b < wordBytes; b++) {
      var shift = littleEndian ? 8 * b : 8 * (wordBytes - 1 - b);
      var byte = typeof word === 'bigint' ? Number((word >> BigInt(shift)) & 0xffn) : (word >>> shift) & 0xff;
      out += (byte < 16 ? '0' : '') + byte.toString(16);
    }
  });
  return out;
}

/** MD and SHA-2 padding: 0x80, zeros, then the bit length in 'lengthBytes' bytes. */
function padMessage(bytes, blockBytes, lengthBytes, littleEndian) {
  var padded = bytes.slice();
  var bitLength = bytes.length * 8;
  padded.push(0x80);
  while (padded.length % blockBytes !== blockBytes - lengthBytes) padded.push(0);
  var length = [];
  for (var b = 0; b < lengthBytes; b++) length.push(b < 6 ? Math.floor(bitLength / Math.pow(2, 8 * b)) & 0xff : 0);
  return padded.concat(littleEndian ? length : length.reverse());
}

function rotl32(value, count) {
  return (value << count) | (value >>> (32 - count));
}

function md5Hex(bytes) {
  var shifts = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
  var constants = [];
  for (var i = 0; i < 64; i++) constants.push(Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) | 0);
  var state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  var message = padMessage(bytes, 64, 8, true);
  for (var offset = 0; offset < message.length; offset += 64) {
    var x = [];
    for (var w = 0; w < 16; w++) {
      var at = offset + 4 * w;
      x.push(message[at] | (message[at + 1] << 8) | (message[at + 2] << 16) | (message[at + 3] << 24));
    }
    var a = state[0], b = state[1], c = state[2], d = state[3];
    for (var step = 0; step < 64; step++) {
      var round = step >> 4;
      var f, g;
      if (round === 0) { f = (b & c) | (~b & d); g = step; }
      else if (round === 1) { f = (d & b) | (~d & c); g = (5 * step + 1) % 16; }
      else if (round === 2) { f = b ^ c ^ d; g = (3 * step + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * step) % 16; }
      var rotated = rotl32((a + f + constants[step] + x[g]) | 0, shifts[round * 4 + (step % 4)]);
      a = d; d = c; c = b; b = (b + rotated) | 0;
    }
    state = [(state[0] + a) | 0, (state[1] + b) | 0, (state[2] + c) | 0, (state[3] + d) | 0];
  }
  return hexFromWords(state, 4, true);
}

function bigEndianWords(message, offset, count) {
  var words = [];
  for (var w = 0; w < count; w++) {
    var at = offset + 4 * w;
    words.push((message[at] << 24) | (message[at + 1] << 16) | (message[at + 2] << 8) | message[at + 3]);
  }
  return words;
}

function sha1Hex(bytes) {
  var state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  var message = padMessage(bytes, 64, 8, false);
  for (var offset = 0; offset < message.length; offset += 64) {
    var w = bigEndianWords(message, offset, 16);
    for (var t = 16; t < 80; t++) w.push(rotl32(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1));
    var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
    for (var i = 0; i < 80; i++) {
      var f, k;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
      else { f = b ^ c ^ d; k = 0xca62c1d6; }
      var next = (rotl32(a, 5) + f + e + k + w[i]) | 0;
      e = d; d = c; c = rotl32(b, 30); b = a; a = next;
    }
    state = [(state[0] + a) | 0, (state[1] + b) | 0, (state[2] + c) | 0, (state[3] + d) | 0, (state[4] + e) | 0];
  }
  return hexFromWords(state, 4, false);
}

/** The first 'count' primes. */
function firstPrimes(count) {
  var primes = [];
  for (var candidate = 2; primes.length < count; candidate++) {
    if (primes.every(function (p) { return candidate % p !== 0; })) primes.push(candidate);
  }
  return primes;
}

/** SHA-2 constants: the first 'bits' bits of the fractional parts of the square or cube roots of primes. */
function fractionBits(primes, root, bits) {
  return primes.map(function (prime) {
    var value = Math.pow(prime, 1 / root);
    var fraction = value - Math.floor(value);
    // A double holds 52 fraction bits: exact for 32-bit words; 64-bit words are refined below.
    if (bits === 32) return Math.floor(fraction * 4294967296) | 0;
    return preciseRootFraction(BigInt(prime), root);
  });
}

/** floor(frac(prime^(1/root)) * 2^64), by integer root: floor(root-th root of prime * 2^(64*root)). */
function preciseRootFraction(prime, root) {
  var scaled = prime << BigInt(64 * root);
  var low = 0n;
  var high = 1n << BigInt(64 + 8);
  while (low < high) {
    var middle = (low + high + 1n) >> 1n;
    var power = middle;
    for (var i = 1; i < root; i++) power *= middle;
    if (power <= scaled) low = middle;
    else high = middle - 1n;
  }
  return BigInt.asUintN(64, low);
}

var SHA256_K;

function sha256Hex(bytes, initial, outputWords) {
  SHA256_K = SHA256_K || fractionBits(firstPrimes(64), 3, 32);
  var state = initial.slice();
  var message = padMessage(bytes, 64, 8, false);
  for (var offset = 0; offset < message.length; offset += 64) {
    var w = bigEndianWords(message, offset, 16);
    for (var t = 16; t < 64; t++) {
      var s0 = rotl32(w[t - 15], 25) ^ rotl32(w[t - 15], 14) ^ (w[t - 15] >>> 3);
      var s1 = rotl32(w[t - 2], 15) ^ rotl32(w[t - 2], 13) ^ (w[t - 2] >>> 10);
      w.push((w[t - 16] + s0 + w[t - 7] + s1) | 0);
    }
    var v = state.slice();
    for (var i = 0; i < 64; i++) {
      var e = v[4], a = v[0];
      var t1 = (v[7] + (rotl32(e, 26) ^ rotl32(e, 21) ^ rotl32(e, 7)) + ((e & v[5]) ^ (~e & v[6])) + SHA256_K[i] + w[i]) | 0;
      var t2 = ((rotl32(a, 30) ^ rotl32(a, 19) ^ rotl32(a, 10)) + ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]))) | 0;
      v = [(t1 + t2) | 0, a, v[1], v[2], (v[3] + t1) | 0, v[4], v[5], v[6]];
    }
    state = state.map(function (word, index) { return (word + v[index]) | 0; });
  }
  return hexFromWords(state.slice(0, outputWords), 4, false);
}

var SHA512_K;
var MASK64 = (1n << 64n) - 1n;

function rotr64(value, count) {
  var shift = BigInt(count);
  return ((value >> shift) | (value << (64n - shift))) & MASK64;
}

function sha512Hex(bytes, initial, outputWords) {
  SHA512_K = SHA512_K || fractionBits(firstPrimes(80), 3, 64);
  var state = initial.slice();
  var message = padMessage(bytes, 128, 16, false);
  for (var offset = 0; offset < message.length; offset += 128) {
    var w = [];
    for (var j = 0; j < 16; j++) {
      var word = 0n;
      for (var b = 0; b < 8; b++) word = (word << 8n) | BigInt(message[offset + 8 * j + b]);
      w.push(word);
    }
    for (var t = 16; t < 80; t++) {
      var s0 = rotr64(w[t - 15], 1) ^ rotr64(w[t - 15], 8) ^ (w[t - 15] >> 7n);
      var s1 = rotr64(w[t - 2], 19) ^ rotr64(w[t - 2], 61) ^ (w[t - 2] >> 6n);
      w.push((w[t - 16] + s0 + w[t - 7] + s1) & MASK64);
    }
    var v = state.slice();
    for (var i = 0; i < 80; i++) {
      var e = v[4], a = v[0];
      var choice = (e & v[5]) ^ (~e & MASK64 & v[6]);
      var t1 = (v[7] + (rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41)) + choice + SHA512_K[i] + w[i]) & MASK64;
      var t2 = ((rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39)) + ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]))) & MASK64;
      v = [(t1 + t2) & MASK64, a, v[1], v[2], (v[3] + t1) & MASK64, v[4], v[5], v[6]];
    }
    state = state.map(function (word, index) { return (word + v[index]) & MASK64; });
  }
  return hexFromWords(state.slice(0, outputWords), 8, false);
}

/** SHA3-512 (FIPS 202): Keccak-f[1600] with 64-bit lanes as BigInts, rate 72 bytes, domain bits 0x06. */
function sha3_512Hex(bytes) {
  var rate = 72;
  var padded = bytes.concat([0x06]);
  while (padded.length % rate !== 0) padded.push(0);
  padded[padded.length - 1] |= 0x80;
  var lanes = new Array(25).fill(0n);
  for (var offset = 0; offset < padded.length; offset += rate) {
    for (var lane = 0; lane < rate / 8; lane++) {
      var value = 0n;
      for (var b = 7; b >= 0; b--) value = (value << 8n) | BigInt(padded[offset + 8 * lane + b]);
      lanes[lane] ^= value;
    }
    keccakPermute(lanes);
  }
  return hexFromWords(lanes.slice(0, 8), 8, true);
}

var KECCAK_TABLES;

/** Rotation offsets (by lane x + 5y) and round constants, derived as the specification defines them. */
function keccakTables() {
  if (KECCAK_TABLES) return KECCAK_TABLES;
  var rotations = new Array(25).fill(0);
  var x = 1, y = 0;
  for (var t = 0; t < 24; t++) {
    rotations[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    var nextY = (2 * x + 3 * y) % 5;
    x = y;
    y = nextY;
  }
  var constants = [];
  var lfsr = 1;
  for (var round = 0; round < 24; round++) {
    var constant = 0n;
    for (var j = 0; j < 7; j++) {
      if (lfsr & 1) constant |= 1n << BigInt((1 << j) - 1);
      lfsr = lfsr & 0x80 ? (lfsr << 1) ^ 0x171 : lfsr << 1;
    }
    constants.push(constant);
  }
  KECCAK_TABLES = { rotations: rotations, constants: constants };
  return KECCAK_TABLES;
}

function rotl64(value, count) {
  if (count === 0) return value;
  var shift = BigInt(count);
  return ((value << shift) | (value >> (64n - shift))) & MASK64;
}

function keccakPermute(lanes) {
  var tables = keccakTables();
  for (var round = 0; round < 24; round++) {
    var parity = [];
    for (var x = 0; x < 5; x++) parity.push(lanes[x] ^ lanes[x + 5] ^ lanes[x + 10] ^ lanes[x + 15] ^ lanes[x + 20]);
    for (x = 0; x < 5; x++) {
      var d = parity[(x + 4) % 5] ^ rotl64(parity[(x + 1) % 5], 1);
      for (var y = 0; y < 25; y += 5) lanes[x + y] ^= d;
    }
    var moved = new Array(25);
    for (x = 0; x < 5; x++) {
      for (y = 0; y < 5; y++) moved[y + 5 * ((2 * x + 3 * y) % 5)] = rotl64(lanes[x + 5 * y], tables.rotations[x + 5 * y]);
    }
    for (y = 0; y < 25; y += 5) {
      for (x = 0; x < 5; x++) lanes[x + y] = moved[x + y] ^ (~moved[((x + 1) % 5) + y] & MASK64 & moved[((x + 2) % 5) + y]);
    }
    lanes[0] ^= tables.constants[round];
  }
}

/** Initial hash values, derived on first use (they are the same square-root fractions for every call). */
var SHA2_INITIAL = {};

function sha2Initial(name) {
  if (!SHA2_INITIAL[name]) {
    SHA2_INITIAL[name] = {
      sha256: function () { return fractionBits(firstPrimes(8), 2, 32); },
      sha384: function () { return fractionBits(firstPrimes(16).slice(8), 2, 64); },
      sha512: function () { return fractionBits(firstPrimes(8), 2, 64); },
    }[name]();
  }
  return SHA2_INITIAL[name];
}

/** The digests by the names 'hash()' accepts; each maps UTF-8 bytes to lowercase hex. */
var DIGESTS = {
  md5: md5Hex,
  sha1: sha1Hex,
  // SHA-224's initial values are the second 32 bits of those fractions; FIPS 180-4 lists them.
  sha224: function (bytes) {
    return sha256Hex(bytes, [0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4], 7);
  },
  sha256: function (bytes) { return sha256Hex(bytes, sha2Initial('sha256'), 8); },
  sha384: function (bytes) { return sha512Hex(bytes, sha2Initial('sha384'), 6); },
  sha512: function (bytes) { return sha512Hex(bytes, sha2Initial('sha512'), 8); },
  sha3: sha3_512Hex,
};
`;
