#!/usr/bin/env node
// Signs seeded random requests with Huawei's own Node.js signers and
// writes one JSON line per request to stdout: the request as the caller
// wrote it, and for each signer its canonical request, its Authorization,
// the request as it arrived on a loopback server (its "wire" form), and
// the documented quirks that apply to it. The Go program in ../v3go adds
// huaweicloud-sdk-go-v3's results and writes the corpus files. See
// README.md. Deterministic: a fixed seed, a fixed X-Sdk-Date, no clock.
'use strict';

const http = require('http');
const crypto = require('crypto');
const nodeURL = require('url');
const apig = require('apigateway-sdk-nodejs');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { HttpRequestBuilder } = require('@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder');
const { DefaultHttpClient } = require('@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient');

const SEED = 20261130;
const COUNT = 2000;
const DATE = '20240102T030405Z';
const AK = '4f5a0c8e';
const SK = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';

// mulberry32: a small PRNG with a fixed sequence on every platform.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const intn = (n) => Math.floor(random() * n);
const pick = (a) => a[intn(a.length)];
const chance = (p) => random() < p;

// Characters that requests are made of. No '%', '?', '#' or '\' inside a
// decoded path segment (the v3 SDKs take decoded paths and could not send
// them), and no characters in U+E000–U+FFFF, where JavaScript's UTF-16
// sort order and the byte order differ.
const SEGMENT = ['a', 'b', 'Z', '0', '9', '-', '_', '.', '~', ' ', '+', ':', '@', '!', '$', '&', "'", '(', ')', '*', ',', ';', '=', '测', '试', 'é', '😀'];
const QUERY = ['a', 'b', 'K', '1', '-', '_', '.', '~', ' ', '+', '*', ';', ':', '@', '/', '?', '!', '$', "'", '(', ')', ',', '[', ']', '&', '=', '#', '%', '测', 'é', '😀'];
// Everyday requests keep to these: letters, digits, unreserved
// characters, a space and non-ASCII text.
const PLAIN = ['a', 'b', 'Z', '0', '9', '-', '_', '.', '~', ' ', '测', '试', 'é', '😀'];
const HEADER_VALUE = ['a', 'B', '0', '-', '_', '.', ',', ';', ':', '=', '/', '"', "'", '(', ')', ' ', ' '];

function randText(alphabet, min, max) {
  let s = '';
  for (let n = min + intn(max - min + 1); n > 0; n--) s += pick(alphabet);
  return s;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

// escapeByte writes one byte as %XX, in upper or lower case hex.
function escapeByte(b) {
  const h = b.toString(16).padStart(2, '0');
  return '%' + (chance(0.5) ? h.toUpperCase() : h);
}

// encode writes text as a random but valid percent-encoding: unreserved
// characters and those in literal may stay as they are, any byte may be
// escaped, and in the query a space may be '+'.
function encode(text, literal, query) {
  let out = '';
  for (const ch of text) {
    if (ch === ' ' && query && chance(0.5)) out += '+';
    else if ((UNRESERVED.test(ch) || literal.includes(ch)) && chance(0.75)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += escapeByte(b);
  }
  return out;
}

// A request as the caller writes it: method, host, escaped path and raw
// query ("target"), headers in order, and a body (string or Buffer).
function newRequest(id) {
  const req = { id, method: pick(['GET', 'DELETE', 'HEAD', 'POST', 'PUT', 'PATCH']) };
  // Half are everyday requests, half wild ones: reserved characters,
  // encoded slashes, dot segments, '+' for a space, padded headers.
  const wild = chance(0.5);
  const segmentChars = wild ? SEGMENT : PLAIN.filter((c) => c !== ' '), queryChars = wild ? QUERY : PLAIN.concat(['*']);
  req.host = randText('abcdefghijklmnopqrstuvwxyz0123456789'.split(''), 1, 10) + '.apigw.example.com';
  if (chance(0.15)) req.host += ':8443';

  // Path: segments, some with an encoded slash, some empty or dots.
  const segments = [];
  for (let n = intn(5); n > 0; n--) {
    let raw;
    switch (wild ? intn(12) : 3) {
      case 0: raw = ''; break;
      case 1: raw = pick(['.', '..', '%2E', '%2e%2E']); break;
      case 2: {
        const a = randText(SEGMENT, 0, 4), b = randText(SEGMENT, 0, 4);
        raw = encode(a, "!$&'()*+,;=:@", false) + pick(['%2F', '%2f']) + encode(b, "!$&'()*+,;=:@", false);
        break;
      }
      default: raw = encode(randText(segmentChars, 1, 8), "!$&'()*+,;=:@", false);
    }
    segments.push(raw);
  }
  let path = segments.map((s) => '/' + s).join('');
  if (chance(0.2)) path += '/';

  // Query: keys, some repeated, empty values written "k=" or "k".
  const pairs = [];
  for (let n = intn(6); n > 0; n--) {
    const key = randText(queryChars, 1, 6);
    for (let m = chance(0.25) ? 2 + intn(2) : 1; m > 0; m--) {
      const value = chance(0.2) ? '' : randText(queryChars, 1, 8);
      let p = encode(key, "*;:@/?!$'(),[]", wild);
      if (value !== '' || chance(0.5)) p += '=' + encode(value, "*;:@/?!$'(),[]", wild);
      pairs.push(p);
    }
  }
  shuffle(pairs);

  // Shapes on which Huawei's signers disagree: the SDK refuses them.
  if (chance(0.03)) {
    const bad = pick(['%FF', '%C3', '%E6%B5', '%c0%af', '%ED%A0%80']);
    if (chance(0.5) || segments.length === 0) pairs.push('k' + intn(10) + '=' + bad);
    else path += '/x' + bad;
    req.undefined = 'invalid-utf8';
  } else if (chance(0.02)) {
    pairs.splice(intn(pairs.length + 1), 0, '=' + encode(randText(QUERY, 0, 4), '', true));
    req.undefined = 'empty-key';
  }
  req.target = (path === '' ? '/' : path) + (pairs.length ? '?' + pairs.join('&') : '');

  // Headers: mixed-case names, padded values; X-Sdk-Date fixed.
  req.headers = [['X-Sdk-Date', DATE]];
  const names = new Set(['x-sdk-date']);
  for (let n = intn(4); n > 0; n--) {
    let name = 'X-' + randText('abcdefghijklmnopqrstuvwxyz'.split(''), 1, 8);
    if (chance(0.1)) name = 'X-Stage';
    if (wild && chance(0.15)) name = 'X_' + name.slice(2);
    name = mixCase(name);
    if (names.has(name.toLowerCase())) continue;
    names.add(name.toLowerCase());
    let value = randText(HEADER_VALUE, 0, 12);
    if (!wild) value = value.trim();
    if (wild && chance(0.5)) value = pick([' ', '  ', '\t']) + value + pick(['', ' ', '\t ']);
    req.headers.push([name, value]);
  }

  // Body: only for POST, PUT and PATCH; other methods may carry the JSON
  // content type the SDK always sends.
  req.body = '';
  const contentType = (ct) => req.headers.push([pick(['Content-Type', 'content-type', 'Content-type']), ct]);
  if (['POST', 'PUT', 'PATCH'].includes(req.method)) {
    switch (intn(8)) {
      case 0: if (chance(0.5)) contentType('application/json'); break;
      case 1: case 2: {
        const obj = {};
        for (let n = 1 + intn(3); n > 0; n--) obj[randText(QUERY, 1, 5)] = chance(0.3) ? intn(1000) : randText(QUERY, 0, 8);
        req.body = wild && chance(0.5) ? JSON.stringify(obj, null, 1) : JSON.stringify(obj);
        contentType(pick(['application/json', 'application/json;charset=UTF-8']));
        break;
      }
      case 3: {
        const form = [];
        for (let n = 1 + intn(3); n > 0; n--) form.push(encode(randText(QUERY, 1, 5), '', true) + '=' + encode(randText(QUERY, 0, 8), '', true));
        req.body = form.join('&');
        contentType('application/x-www-form-urlencoded');
        break;
      }
      case 4: {
        const b = Buffer.alloc(1 + intn(40));
        for (let i = 0; i < b.length; i++) b[i] = intn(256);
        req.body = b;
        contentType('application/octet-stream');
        break;
      }
      case 5: req.body = randText(HEADER_VALUE, 1, 30); contentType('text/plain'); break;
      case 6: req.body = randText(HEADER_VALUE, 1, 30); break;
      case 7:
        req.body = randText(HEADER_VALUE, 1, 30);
        req.headers.push(['X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD']);
        contentType('text/plain');
        break;
    }
  } else if (chance(0.3)) {
    contentType('application/json');
  }
  return req;
}

function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = intn(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
}

function mixCase(s) {
  let out = '';
  for (const c of s) out += chance(0.3) ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c;
  return out;
}

// safeDecode is decodeURIComponent, or null where the escapes are not
// UTF-8.
function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return null;
  }
}

// decodeQuery reads a raw query as the v3 SDKs' callers pass it: decoded
// keys and values ('+' is a space), a repeated key's values in an array.
function decodeQuery(raw) {
  const out = {};
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const i = part.indexOf('=');
    const k = safeDecode((i < 0 ? part : part.slice(0, i)).replace(/\+/g, ' '));
    const v = safeDecode((i < 0 ? '' : part.slice(i + 1)).replace(/\+/g, ' '));
    if (k === null || v === null) return null;
    if (!(k in out)) out[k] = v;
    else out[k] = [].concat(out[k], v);
  }
  return out;
}

const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');
const hmac = (s) => crypto.createHmac('sha256', SK).update(s).digest('hex');

// checkSignature confirms that the canonical request captured from a
// signer is the one its Authorization signs.
function checkSignature(name, canonical, authorization) {
  const sig = authorization.slice(authorization.lastIndexOf('Signature=') + 10);
  if (hmac('SDK-HMAC-SHA256\n' + DATE + '\n' + sha256(canonical)) !== sig) {
    throw new Error(name + ': the captured canonical request is not the one signed');
  }
}

// ---- The loopback server that records what each signer sends.

const TRANSPORT = new Set(['user-agent', 'accept', 'accept-encoding', 'connection', 'content-length', 'host', 'authorization']);
let arrived = null;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const headers = [];
    let host = '';
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i], value = req.rawHeaders[i + 1];
      if (name.toLowerCase() === 'host') host = value;
      if (!TRANSPORT.has(name.toLowerCase())) headers.push([name, value]);
    }
    arrived = { target: req.url, host, headers, body: Buffer.concat(chunks) };
    res.setHeader('Content-Type', 'application/json');
    res.end('{}');
  });
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

// wire returns what arrived for req, leaving out the target, host,
// headers (taken as a set) and body where they are the caller's.
function wire(req) {
  const w = {};
  if (arrived.target !== req.target) w.target = arrived.target;
  if (arrived.host !== req.host) w.host = arrived.host;
  const key = (pairs) => pairs.map(([k, v]) => JSON.stringify([k, v])).sort().join();
  if (key(arrived.headers) !== key(req.headers)) w.headers = arrived.headers;
  if (!Buffer.from(req.body).equals(arrived.body)) setBody(w, arrived.body);
  arrived = null;
  return w;
}

function setBody(o, body) {
  if (body.length === 0) o.body = '';
  else if (Buffer.isBuffer(body) && !isUTF8(body)) o.body_b64 = body.toString('base64');
  else o.body = body.toString();
}

function isUTF8(b) {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

// ---- apig-js: npm apigateway-sdk-nodejs, signer.js.

async function signAPIGJS(req) {
  const headers = {};
  for (const [k, v] of req.headers) headers[k] = v;
  let r, opts;
  try {
    r = new apig.HttpRequest(req.method, 'https://' + req.host + req.target, headers, req.body);
    const s = new apig.Signer();
    s.Key = AK;
    s.Secret = SK;
    opts = s.Sign(r);
  } catch (e) {
    return { error: e.name + ': ' + e.message };
  }
  // Sign's options.headers is r.headers, now with Authorization: the
  // canonical request is rebuilt with the signer's own exported functions
  // and confirmed against the signature.
  const authorization = opts.headers.Authorization;
  const unsigned = Object.assign({}, r.headers);
  delete unsigned.Authorization;
  const view = Object.assign(Object.create(Object.getPrototypeOf(r)), r, { headers: unsigned });
  const canonical = apig.CanonicalRequest(view, apig.SignedHeaders(view));
  checkSignature('apig-js', canonical, authorization);
  await send({ method: opts.method, path: opts.path, headers: opts.headers }, r.body);
  return { canonical, authorization, wire: wire(req) };
}

function send(options, body) {
  return new Promise((resolve, reject) => {
    const c = http.request(Object.assign({}, options, { hostname: '127.0.0.1', port: server.address().port, agent }), (res) => {
      res.resume();
      res.on('end', resolve);
    });
    c.on('error', reject);
    c.end(body.length ? body : undefined);
  });
}

// ---- v3-js: npm @huaweicloud/huaweicloud-sdk-core, as its clients call
// it: BasicCredentials.processAuthRequest signs (AKSKSigner.sign, with its
// X-Sdk-Content-Sha256 rule), DefaultHttpClient sends with axios. Like the
// SDK's generated code it takes the path and query decoded, and JSON
// bodies as objects.

async function signV3JS(req) {
  const path = safeDecode(req.target.split('?')[0]);
  const query = decodeQuery(req.target.includes('?') ? req.target.slice(req.target.indexOf('?') + 1) : '');
  if (path === null || query === null) {
    return { not_expressible: 'the path or query does not decode to text (invalid UTF-8); v3-js takes decoded strings' };
  }
  const headers = {};
  for (const [k, v] of req.headers) headers[k] = v;
  const data = bodyData(req);
  const request = new HttpRequestBuilder()
    .withEndpoint('https://' + req.host)
    .withUrl(path === '' ? '/' : path)
    .withMethod(req.method)
    .withHeaders(headers)
    .withQueryParams(query)
    .withData(data)
    .build();
  // Capture the canonical request AKSKSigner hashes, recognised by the
  // string to sign.
  const hashed = [];
  const hex = AKSKSigner.Hex;
  AKSKSigner.Hex = (s) => { hashed.push(s); return hex(s); };
  try {
    await new BasicCredentials().withAk(AK).withSk(SK).processAuthRequest(null, request);
  } catch (e) {
    return { error: e.name + ': ' + e.message };
  } finally {
    AKSKSigner.Hex = hex;
  }
  const authorization = request.headers.Authorization;
  const canonical = hashed.find((s) => {
    try { checkSignature('v3-js', s, authorization); return true; } catch (e) { return false; }
  });
  if (canonical === undefined) throw new Error('v3-js: no captured canonical request matches the signature');
  const client = new DefaultHttpClient({ logger: quiet }, ['http://127.0.0.1:' + server.address().port]);
  try {
    await client._sendHttpRequest(request); // sendRequest, without its error logging and wrapping
  } catch (e) {
    return { canonical, authorization, send_error: e.name + ': ' + e.message };
  }
  return { canonical, authorization, wire: wire(req) };
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// bodyData is the body as a v3 caller passes it: JSON text as the object
// it encodes, other text as a string, bytes as a Buffer.
function bodyData(req) {
  if (req.body.length === 0) return undefined;
  if (Buffer.isBuffer(req.body)) return req.body;
  const ct = (req.headers.find(([k]) => k.toLowerCase() === 'content-type') || [])[1] || '';
  if (ct.includes('json')) return JSON.parse(req.body);
  return req.body;
}

const QUIRKS = {
  'apig-js-decodeuri': "apig-js decodes the path and query with decodeURI, which leaves escapes of reserved characters (%2F, %3A, %2B, %3B, …) as they are; urlEncode then escapes the '%' again: a%2Fb signs and is sent as a%252Fb",
  'apig-js-plus-is-plus': "apig-js reads a raw '+' in the query as a plus sign (signs and sends %2B), where the others read a space",
  'signs-underscore-header': "the signer signs headers whose names contain '_'; the SDK and v3-go never do, as nginx-based gateways drop such headers by default",
  'v3-js-url-parse-path': "v3-js builds the canonical URI from the legacy url.parse(…).pathname, which already escapes some characters (space, ', |, ^, …); urlEncode escapes the '%' again (a space signs as %2520) while axios sends %20",
  'v3-js-path-trimmed': 'url.parse and the WHATWG URL that axios uses both drop trailing spaces from the path: v3-js signs and sends the path without them',
  'v3-js-wire-path-rewritten': 'v3-js signs the path as given but axios rewrites it when sending: WHATWG URL resolves dot segments, one trailing slash is stripped (a path ending in // arrives ending in /), and a path starting with // is taken for a URL with a host (not sent)',
  'v3-js-untrimmed-values': 'v3-js does not trim header values in the canonical request; the gateway reads them trimmed',
  'v3-js-sends-json-stringify': 'v3-js hashes JSON.stringify(data), not the body the caller had, and axios sends those same bytes (a JSON object re-serialized, a string quoted under the JSON content type)',
  'v3-js-hashes-json-stringify': 'v3-js hashes JSON.stringify(data) (a quoted string, a Buffer as JSON) while axios sends other bytes, the body itself',
  'v3-js-header-line-order': 'v3-js sorts SignedHeaders by code unit but the canonical header lines with localeCompare; with _ in a name the two orders differ',
};

// ---- Quirks: documented behaviours of a signer that make it differ from
// the canonical form, each recognised from the request's shape (see
// README.md for the table and the Go test for what each may change).

function quirksAPIGJS(req, res) {
  const q = [];
  const [path, query = ''] = splitTarget(req.target);
  // decodeURI leaves escapes of ; / ? : @ & = + $ , # as they are, so
  // they are escaped again (%2F signs and goes out as %252F).
  if ([path, ...query.split(/[&=]/)].some((s) => safeDecode(s) !== null && decodeURI(s) !== safeDecode(s))) q.push('apig-js-decodeuri');
  if (query.includes('+')) q.push('apig-js-plus-is-plus');
  if (signsUnderscore(res)) q.push('signs-underscore-header');
  return q;
}

function quirksV3JS(req, res) {
  const q = [];
  const path = safeDecode(splitTarget(req.target)[0]) || '/';
  const parsed = nodeURL.parse('https://' + req.host + path).pathname;
  if (parsed.includes('%')) q.push('v3-js-url-parse-path');
  if (path !== path.trimEnd()) q.push('v3-js-path-trimmed');
  if (path.split('/').some((s) => s === '.' || s === '..') || path.startsWith('//') || path.endsWith('//')) q.push('v3-js-wire-path-rewritten');
  if (req.headers.some(([, v]) => v !== v.trim())) q.push('v3-js-untrimmed-values');
  const signed = signedHeaders(res.authorization);
  if (!signed.includes('x-sdk-content-sha256') && req.body.length > 0) {
    const stringified = JSON.stringify(bodyData(req));
    if (stringified !== req.body.toString()) {
      // What axios sends decides whether the gateway can check it.
      const sent = res.wire && res.wire.body !== undefined ? res.wire.body : req.body.toString();
      q.push(sent === stringified ? 'v3-js-sends-json-stringify' : 'v3-js-hashes-json-stringify');
    }
  }
  const byLines = signed.slice().sort((a, b) => a.localeCompare(b));
  if (signed.join() !== byLines.join()) q.push('v3-js-header-line-order');
  if (signsUnderscore(res)) q.push('signs-underscore-header');
  return q;
}

function headerObject(pairs) {
  const o = {};
  for (const [k, v] of pairs) if (!(k.toLowerCase() in o)) o[k.toLowerCase()] = v;
  return o;
}

function splitTarget(t) {
  const i = t.indexOf('?');
  return i < 0 ? [t] : [t.slice(0, i), t.slice(i + 1)];
}

function signedHeaders(authorization) {
  return authorization.split('SignedHeaders=')[1].split(',')[0].split(';');
}

function signsUnderscore(res) {
  return signedHeaders(res.authorization).some((n) => n.includes('_'));
}

// ---- Vectors: named requests for testdata/apig-sign-vectors-paths.json.

const VECTORS = [
  ['path_encoded_slash', 'GET', '/v1/items/a%2Fb', 'An encoded slash inside a segment: decoded, then split, it signs as /v1/items/a/b/ while a%2Fb is sent.'],
  ['path_dot_segments', 'GET', '/v1/./items/../orders', 'Dot segments are signed as written, not resolved.'],
  ['path_double_slash', 'DELETE', '/v1//items//7', 'Empty segments (//) are kept.'],
  ['path_unicode', 'GET', '/v1/%E5%BF%AB%E9%80%92/%C3%A9t%C3%A9~x', 'Non-ASCII segments are escaped as UTF-8 with upper-case hex; ~ stays.'],
];

function vectorRequest(id, [, method, target]) {
  return {
    id, method, host: 'c967a237-cd6c-470e-906f-a8655461897e.apigw.example.com', target,
    headers: [['X-Sdk-Date', DATE], ['Content-Type', 'application/json']], body: '',
  };
}

// ---- Main.

function record(req, signers) {
  const r = { id: req.id, method: req.method, host: req.host, target: req.target, headers: req.headers };
  setBody(r, Buffer.from(req.body));
  if (req.undefined) r.undefined = req.undefined;
  r.signers = signers;
  return r;
}

async function signAll(req) {
  const signers = {};
  const a = await signAPIGJS(req);
  if (a.authorization) a.quirks = quirksAPIGJS(req, a);
  signers['apig-js'] = a;
  const v = await signV3JS(req);
  if (v.authorization) v.quirks = quirksV3JS(req, v);
  signers['v3-js'] = v;
  for (const s of Object.values(signers)) if (s.quirks && s.quirks.length === 0) delete s.quirks;
  return signers;
}

function version(pkg) {
  const file = require('path').join(__dirname, 'node_modules', pkg, 'package.json');
  return pkg + '@' + JSON.parse(require('fs').readFileSync(file, 'utf8')).version;
}

async function main() {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const meta = {
    seed: SEED, date: DATE, ak: AK, sk: SK,
    signers: {
      'apig-js': 'npm ' + version('apigateway-sdk-nodejs') + ' (signer.js; sent with Node.js http)',
      'v3-js': 'npm ' + version('@huaweicloud/huaweicloud-sdk-core') + ' (BasicCredentials.processAuthRequest, AKSKSigner; sent with its DefaultHttpClient, ' + version('axios') + ')',
    },
    quirks: QUIRKS,
  };
  const out = [JSON.stringify({ meta })];
  let id = 0;
  for (const v of VECTORS) {
    const req = vectorRequest(++id, v);
    const r = record(req, await signAll(req));
    r.vector = { name: v[0], notes: v[3] };
    out.push(JSON.stringify(r));
  }
  for (let n = 0; n < COUNT; n++) {
    const req = newRequest(++id);
    out.push(JSON.stringify(record(req, await signAll(req))));
  }
  process.stdout.write(out.join('\n') + '\n');
  agent.destroy();
  server.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
