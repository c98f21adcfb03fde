'use strict';
// Signs seeded random requests with Alibaba Cloud's official Node.js SDK
// for API Gateway (npm aliyun-api-gateway, lib/client.js) and writes one
// JSON line per request to stdout: the request as the SDK sends it, the
// timestamp and nonce it used, and the string to sign, signature and
// headers it produced. jmzs-go's internal/aliyunsign test signs the same
// requests and compares. See README.md.
//
// The SDK is driven through its public get/post/put/delete methods, with
// Date.now and uuid.v4 fixed per request and httpx.request replaced by a
// function that records what would be sent: nothing leaves the machine.

const crypto = require('crypto');
const httpx = require('httpx');
const uuid = require('uuid');
const { Client } = require('aliyun-api-gateway');

const COUNT = Number(process.argv[2] || 1100);
const SEED = 20261130;

// mulberry32: a small seeded PRNG, so that the corpus is reproducible.
function prng(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(SEED);
const int = (n) => Math.floor(rnd() * n);
const pick = (xs) => xs[int(xs.length)];
const chance = (p) => rnd() < p;

const KEYS = ['a', 'b', 'c', 'z', 'name', 'idCardNo', 'mobile', 'templateId', 'value', 'page_no', 'pageSize',
  'x-y', 'a.b', 'a b', 'a&b', 'a=b', '+', '%', '0', '2', '10', '_', 'K2', '中文', '键', 'é', '😀', '𝒜', 'Ａ', '\uFFFD', 'ｚ'];
const STRINGS = ['', 'x', 'hello world', '张三', '11010519491231002X', 'a+b', 'a&b=c', '100%', '😀', 'ｆｕｌｌ',
  'false', '0', ' lead', 'trail ', '#hash', '/slash?', "it's", '~!*()', 'a\nb', 'tab\tx', 'YT1234567890123', '1.5', '-1'];
// Values of a form object or query object: strings, and the non-string
// values JavaScript callers pass (nodejs-sdk issue #21: false and 0).
function value() {
  switch (int(12)) {
    case 0: return false;
    case 1: return 0;
    case 2: return true;
    case 3: return int(100000);
    case 4: return null;
    default: return pick(STRINGS);
  }
}
// params returns an object of n random keys; with probability repeat a
// key gets two or three values (an array), which the SDK sends as a
// repeated key and signs joined by ','. Each repeated key is noted.
function params(n, repeat, notes) {
  const o = {};
  for (let i = 0; i < n; i++) {
    const k = pick(KEYS);
    o[k] = chance(repeat) ? [pick(STRINGS), pick(STRINGS)].concat(chance(0.3) ? [pick(STRINGS)] : []) : value();
  }
  for (const [k, v] of Object.entries(o)) {
    if (Array.isArray(v)) notes.push('repeated-key:' + k);
  }
  return o;
}

const PATHS = ['/idcard/validate', '/sms/send', '/express/query-v2', '/exchange-rate/convert', '/a%20b/c',
  '/%E4%B8%AD%E6%96%87/x', '/p/a%2Fb', '/', '/x/y/', '/with~tilde', '/semi;colon', '/a+b', '/Third/Tools/checkSign'];

// A raw query as written by hand or by other encoders: '+' or %20 for a
// space, lower- or upper-case escapes, keys without '='.
function rawQuery(notes) {
  const parts = [];
  const seen = new Set();
  for (let i = 1 + int(4); i > 0; i--) {
    const key = pick(KEYS);
    if (seen.has(key)) notes.push('repeated-key:' + key);
    seen.add(key);
    const k = encode(key);
    const v = pick(STRINGS);
    if (v === '' && chance(0.5)) {
      parts.push(k);
    } else {
      parts.push(k + '=' + encode(v));
    }
  }
  return parts.join('&');
}
function encode(s) {
  let out = encodeURIComponent(s);
  if (chance(0.5)) out = out.replace(/%20/g, '+');
  if (chance(0.3)) out = out.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  return out;
}

const SIGNER_HEADERS = new Set(['x-ca-key', 'x-ca-timestamp', 'x-ca-nonce', 'x-ca-signature',
  'x-ca-signature-headers', 'content-md5', 'user-agent']);
const ACCEPTS = ['*/*', 'application/json; charset=utf-8', 'text/html', 'application/json'];
const SECRETS = ['appSecret', 'S3cr3t-0123456789abcdef', 'x'.repeat(80), '密钥secret'];

// What the SDK would send, recorded by the stand-in for httpx.request.
let sent = null;
httpx.request = async (url, opts) => {
  sent = { path: url.path, headers: opts.headers, data: opts.data };
  return { statusCode: 200, headers: { 'content-type': 'text/plain' } };
};
httpx.read = async () => '';
let stringToSign = null;
const build = Client.prototype.buildStringToSign;
Client.prototype.buildStringToSign = function (...args) {
  stringToSign = build.apply(this, args);
  return stringToSign;
};
let now = 0;
Date.now = () => now;
let nonce = '';
uuid.v4 = () => nonce;

function nonceFor(i) {
  const h = crypto.createHash('sha256').update('nonce' + i).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function one(i) {
  const notes = [];
  const key = String(100000000 + int(900000000));
  const secret = pick(SECRETS);
  const stage = pick(['RELEASE', 'RELEASE', 'TEST', 'PRE']);
  const client = new Client(key, secret, stage);
  now = 1764460800000 + i * 1000 + int(1000);
  nonce = nonceFor(i);

  const headers = { 'X-Ca-Signature-Method': 'HmacSHA256' }; // we always send it; the SDK signs any x-ca-* given
  if (chance(0.3)) {
    const a = pick(ACCEPTS);
    if (chance(0.1)) {
      headers.Accept = ' ' + a + ' ';
      notes.push('padded-header:accept');
    } else {
      headers.Accept = a;
    }
  }
  if (chance(0.15)) headers.Date = 'Sun, 30 Nov 2025 00:00:00 GMT';
  for (let n = int(3); n > 0; n--) {
    const name = pick(['x-ca-request-mode', 'X-Ca-Custom', 'x-ca-z', 'X-CA-UPPER']);
    let v = pick(['debug', 'v1', 'a b', 'x=1,y=2', '0', 'false', 'https://example.com/cb']);
    if (chance(0.08)) {
      v = pick([' ', '\t', '  ']) + v + pick(['', ' ', '\t']);
      notes.push('padded-header:' + name.toLowerCase());
    }
    for (const k of Object.keys(headers)) {
      if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
    }
    const note = notes.indexOf('padded-header:' + name.toLowerCase());
    if (note >= 0 && v.trim() === v) notes.splice(note, 1);
    headers[name] = v;
  }
  if (chance(0.2)) headers['X-Custom'] = 'not signed';

  const path = pick(PATHS);
  const host = 'https://jmzs-corpus.market.alicloudapi.com';
  const opts = { headers };
  let method;
  const kind = int(20);
  if (kind < 6) {
    method = 'GET';
    if (chance(0.3)) {
      await client.get(host + path + '?' + rawQuery(notes), opts);
    } else {
      const q = params(int(5), 0.05, notes);
      if (Object.keys(q).length > 0 || chance(0.5)) opts.query = q;
      await client.get(host + path, opts);
    }
  } else if (kind < 7) {
    method = 'DELETE';
    opts.query = params(1 + int(3), 0.05, notes);
    await client.delete(host + path, opts);
  } else {
    method = kind < 8 ? 'PUT' : 'POST';
    if (chance(0.5)) {
      opts.query = params(int(4), 0.04, notes);
    }
    const body = method === 'PUT' ? 0 : int(10);
    if (body < 5) {
      headers['Content-Type'] = pick(['application/x-www-form-urlencoded; charset=UTF-8', 'application/x-www-form-urlencoded']);
      const f = params(int(5), 0.04, notes);
      // The same key in the query and the form: the form value wins.
      if (opts.query && chance(0.4)) {
        const qk = Object.keys(opts.query).filter((k) => !Array.isArray(opts.query[k]) && !Array.isArray(f[k]));
        if (qk.length > 0) f[pick(qk)] = pick(STRINGS);
      }
      opts.data = f;
    } else if (body < 7) {
      const ct = pick(['application/json', 'application/json; charset=UTF-8', undefined]);
      if (ct) headers['Content-Type'] = ct;
      const o = {};
      for (let n = int(4); n > 0; n--) o[pick(KEYS)] = value();
      opts.data = o;
    } else if (body < 9) {
      headers['Content-Type'] = 'application/octet-stream';
      const n = chance(0.1) ? 0 : 1 + int(64);
      opts.data = Buffer.from(Array.from({ length: n }, () => int(256)));
    } else {
      headers['Content-Type'] = 'text/plain; charset=utf-8';
      opts.data = chance(0.1) ? '' : pick(STRINGS) + ' ' + pick(STRINGS);
    }
    if (method === 'POST' && !String(headers['Content-Type'] || 'application/json').startsWith('application/x-www-form-urlencoded') &&
      (opts.data.length === 0)) {
      notes.push('md5-of-empty-post-body');
    }
    await (method === 'PUT' ? client.put(host + path, opts) : client.post(host + path, opts));
  }

  // The headers as sent, less those a signer makes (ours makes them
  // too) and less the SDK's default Accept (ours has the same default).
  const header = {};
  for (const [k, v] of Object.entries(sent.headers)) {
    if (SIGNER_HEADERS.has(k) || (k === 'accept' && !('Accept' in headers))) continue;
    header[k] = String(v);
  }
  const rec = { i, method, path: sent.path, header, key, secret, ts: now, nonce };
  if (Buffer.isBuffer(sent.data)) {
    rec.body_b64 = sent.data.toString('base64');
  } else if (typeof sent.data === 'string' && sent.data !== '') {
    rec.body = sent.data;
  }
  if (notes.length > 0) rec.notes = [...new Set(notes)].sort();
  rec.node = {
    sts: stringToSign,
    signature: sent.headers['x-ca-signature'],
    signature_headers: sent.headers['x-ca-signature-headers'],
  };
  if (sent.headers['content-md5']) rec.node.content_md5 = sent.headers['content-md5'];
  return rec;
}

(async () => {
  const counts = {};
  for (let i = 0; i < COUNT; i++) {
    const rec = await one(i);
    for (const n of rec.notes || ['plain']) counts[n.split(':')[0]] = (counts[n.split(':')[0]] || 0) + 1;
    process.stdout.write(JSON.stringify(rec) + '\n');
  }
  process.stderr.write(`${COUNT} requests signed by aliyun-api-gateway ${require('aliyun-api-gateway/package.json').version}: ${JSON.stringify(counts)}\n`);
})().catch((e) => {
  process.stderr.write(e.stack + '\n');
  process.exit(1);
});
