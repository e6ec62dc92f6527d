/**
 * Framing of the DHCP codec (packet.ts): pad and end, RFC 3396 long options, option overload into
 * `file`/`sname`, the fixed fields' edge cases, padding to 300 bytes, and exact error codes.
 */
import t from 'tap';
import { DhcpDecodeError, DhcpEncodeError, decodeDhcp, encodeDhcp, type DhcpMessage } from '../../src/dhcp/packet.js';
import { hex, txt, z } from './fixtures/wire-hex.js';

/** Hand-assembled datagram: a BOOTREQUEST header with the given field hex, then cookie and options. */
function datagram(options: string, f: { op?: string; hlen?: string; chaddr?: string; sname?: string; file?: string; cookie?: string } = {}): Uint8Array {
  return hex(`
    ${f.op ?? '01'} 01 ${f.hlen ?? '06'} 00
    01 02 03 04 0000 0000
    ${z(16)}
    ${f.chaddr ?? `525400123456 ${z(10)}`}
    ${f.sname ?? z(64)}
    ${f.file ?? z(128)}
    ${f.cookie ?? '63825363'}
    ${options}
  `);
}

const base: DhcpMessage = {
  op: 1,
  htype: 1,
  hops: 0,
  xid: 0x01020304,
  secs: 0,
  flags: 0,
  ciaddr: '0.0.0.0',
  yiaddr: '0.0.0.0',
  siaddr: '0.0.0.0',
  giaddr: '0.0.0.0',
  chaddr: '52:54:00:12:34:56',
  sname: '',
  file: '',
  options: new Map(),
};
const opts = (entries: [number, string][]): Map<number, Uint8Array> => new Map(entries.map(([c, h]) => [c, hex(h)]));

t.test('pad, end and what follows end', async (t) => {
  t.strictSame(decodeDhcp(datagram('00 00 35 01 01 00 0c 02 6869 ff 0c 01 78')).options, opts([[53, '01'], [12, txt('hi')]]), 'pads skipped, bytes after end ignored');
  t.strictSame(decodeDhcp(datagram('35 01 01')).options, opts([[53, '01']]), 'no end option: the packet end is the boundary');
  t.strictSame(decodeDhcp(datagram('')).options, new Map(), 'no options at all (header and cookie only, 240 bytes)');
  t.strictSame(decodeDhcp(datagram('0c 00 ff')).options, opts([[12, '']]), 'a zero-length option is kept');
});

t.test('RFC 3396: repeated codes concatenate, in order', async (t) => {
  const msg = decodeDhcp(datagram(`4d 02 ${txt('iP')} 35 01 01 4d 02 ${txt('XE')} ff`));
  t.strictSame(msg.options, opts([[77, txt('iPXE')], [53, '01']]));
});

t.test('RFC 3396: a value over 255 bytes is split into 255-byte instances', async (t) => {
  const long = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const bytes = encodeDhcp({ ...base, options: new Map([[43, long]]) });
  t.equal(bytes.length, 240 + 2 + 255 + 2 + 45 + 1, 'two instances and end, no padding needed');
  t.strictSame(bytes.subarray(240, 242), hex('2b ff'), 'first instance: 255 bytes');
  t.strictSame(bytes.subarray(240 + 257, 240 + 259), hex('2b 2d'), 'second instance: 45 bytes');
  t.equal(bytes[bytes.length - 1], 255, 'end');
  t.strictSame(decodeDhcp(bytes).options.get(43), long, 'decodes to the whole value');
  const exact = encodeDhcp({ ...base, options: new Map([[43, new Uint8Array(255)]]) });
  t.strictSame(exact.subarray(240, 242), hex('2b ff'), 'exactly 255 bytes is one instance');
  t.equal(exact[240 + 257], 255, 'then end');
});

t.test('encoding order: 53 first, then ascending, then end, zero padding to 300', async (t) => {
  const bytes = encodeDhcp({ ...base, options: opts([[61, '01 aa'], [3, '0a000001'], [53, '05'], [255 - 1, '']]) });
  t.strictSame(bytes.subarray(240, 256), hex('35 01 05  03 04 0a000001  3d 02 01 aa  fe 00  ff'));
  t.equal(bytes.length, 300);
  t.ok(bytes.subarray(256).every((b) => b === 0), 'padding is zeros');
});

t.test('RFC 2132 §9.3 option overload', async (t) => {
  const file = `0c 04 ${txt('host')} 4d 02 ${txt('XE')} ff`;
  const sname = `0f 03 ${txt('lan')} 4d 01 ${txt('!')} ff`;
  const both = decodeDhcp(
    datagram(`34 01 03 4d 02 ${txt('iP')} ff`, { file: file + z(128 - 11), sname: sname + z(64 - 9) }),
  );
  t.strictSame(
    both.options,
    opts([[77, txt('iPXE!')], [12, txt('host')], [15, txt('lan')]]),
    'options, then file, then sname; 77 concatenated in that order; 52 itself is not kept',
  );
  t.equal(both.file, '', 'file holds options, not a name');
  t.equal(both.sname, '', 'sname holds options, not a name');

  const fileOnly = decodeDhcp(datagram('34 01 01 ff', { file: file + z(128 - 11), sname: txt('tftp.lan') + z(56) }));
  t.equal(fileOnly.sname, 'tftp.lan', 'with 52=1, sname is still a name');
  t.strictSame(fileOnly.options, opts([[12, txt('host')], [77, txt('XE')]]));

  const snameOnly = decodeDhcp(datagram('34 01 02 ff', { file: txt('boot.efi') + z(120), sname: sname + z(64 - 9) }));
  t.equal(snameOnly.file, 'boot.efi', 'with 52=2, file is still a name');
  t.strictSame(snameOnly.options, opts([[15, txt('lan')], [77, txt('!')]]));

  const reencoded = decodeDhcp(encodeDhcp(both));
  t.strictSame(reencoded, both, 'the encoder writes it all into the options field and it decodes the same');
  t.ok(encodeDhcp(both).subarray(44, 236).every((b) => b === 0), 'no overload written: sname and file stay empty');
});

t.test('fixed fields', async (t) => {
  t.equal(decodeDhcp(datagram('ff', { hlen: '00' })).chaddr, '', 'hlen 0: no hardware address');
  t.equal(
    decodeDhcp(datagram('ff', { hlen: '10', chaddr: '000102030405060708090a0b0c0d0e0f' })).chaddr,
    '00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f',
    'hlen 16: all of chaddr',
  );
  t.equal(decodeDhcp(datagram('ff', { chaddr: `525400123456 ${'ee'.repeat(10)}` })).chaddr, '52:54:00:12:34:56', 'bytes past hlen ignored');
  const high = decodeDhcp(datagram('ff', { sname: `${txt('a')} ff fe 00 41 ${z(59)}`, file: `${'41'.repeat(128)}` }));
  t.equal(high.sname, 'a\u00ff\u00fe', 'sname: up to the first NUL, one character per byte');
  t.equal(high.file, 'A'.repeat(128), 'file: a full field with no NUL');
  t.strictSame(decodeDhcp(encodeDhcp(high)), high, 'both round-trip');
  const reply = decodeDhcp(hex(`02 01 06 03  ffffffff  ffff 8000  01020304 05060708 090a0b0c 0d0e0f10  ${z(16)} ${z(64)} ${z(128)} 63825363 ff`));
  t.strictSame(
    [reply.op, reply.hops, reply.xid, reply.secs, reply.flags, reply.ciaddr, reply.yiaddr, reply.siaddr, reply.giaddr],
    [2, 3, 0xffffffff, 0xffff, 0x8000, '1.2.3.4', '5.6.7.8', '9.10.11.12', '13.14.15.16'],
    'numbers at their maxima and every address field in place',
  );
  t.strictSame(encodeDhcp(reply).subarray(0, 28), hex('02 01 06 03  ffffffff  ffff 8000  01020304 05060708 090a0b0c 0d0e0f10'), 'and encoded back');
  t.equal(encodeDhcp({ ...base, chaddr: '' })[2], 0, 'hlen written from the length of chaddr: "" is 0');
});

t.test('decoding copies: the result never aliases the input, and Buffers come back as Uint8Array', async (t) => {
  const input = Buffer.from(datagram('0c 02 6869 ff'));
  const msg = decodeDhcp(input);
  input.fill(0x41);
  const value = msg.options.get(12)!;
  t.strictSame(value, hex('6869'), 'unchanged after the input is overwritten');
  t.equal(Object.getPrototypeOf(value), Uint8Array.prototype, 'a plain Uint8Array');
});

t.test('the size cap', async (t) => {
  const big = datagram(`0c ff ${'41'.repeat(255)} 0c ff ${'41'.repeat(255)} 0c ff ${'41'.repeat(255)} 0c ff ${'41'.repeat(255)} 0c ff ${'41'.repeat(255)} ff`);
  t.equal(big.length, 240 + 5 * 257 + 1);
  t.throws(() => decodeDhcp(big), { code: 'DHCP_TOO_LONG' }, 'over 1500 by default');
  t.equal(decodeDhcp(big, { maxBytes: 2000 }).options.get(12)!.length, 5 * 255, 'accepted under a larger cap');
  t.throws(() => decodeDhcp(datagram(z(60)), { maxBytes: 299 }), { code: 'DHCP_TOO_LONG' }, 'a smaller cap applies too');
});

// Exact error codes for bad input: callers branch on these.
const bad: [string, Uint8Array, string][] = [
  ['empty', new Uint8Array(0), 'DHCP_TRUNCATED'],
  ['header without cookie (236 bytes)', datagram('').subarray(0, 236), 'DHCP_TRUNCATED'],
  ['header and 3 cookie bytes', datagram('').subarray(0, 239), 'DHCP_TRUNCATED'],
  ['oversized (1501 bytes)', datagram(z(1501 - 240)), 'DHCP_TOO_LONG'],
  ['op 0', datagram('ff', { op: '00' }), 'DHCP_BAD_OP'],
  ['op 3', datagram('ff', { op: '03' }), 'DHCP_BAD_OP'],
  ['hlen 17', datagram('ff', { hlen: '11' }), 'DHCP_BAD_HLEN'],
  ['hlen 255', datagram('ff', { hlen: 'ff' }), 'DHCP_BAD_HLEN'],
  ['bad cookie', datagram('ff', { cookie: '63825364' }), 'DHCP_BAD_COOKIE'],
  ['BOOTP vendor area without cookie', datagram(z(60), { cookie: '00000000' }), 'DHCP_BAD_COOKIE'],
  ['option length past the end', datagram('35 01 01 0c 05 6869'), 'DHCP_BAD_OPTION_LENGTH'],
  ['option code with no length byte', datagram('35 01 01 0c'), 'DHCP_BAD_OPTION_LENGTH'],
  ['overload into a file field whose last option overruns it', datagram('34 01 01 ff', { file: `${z(120)} 0c 10 ${z(6)}` }), 'DHCP_BAD_OPTION_LENGTH'],
  ['overload into an sname field whose last option overruns it', datagram('34 01 02 ff', { sname: `0c 7f ${z(62)}` }), 'DHCP_BAD_OPTION_LENGTH'],
  ['overload value 0', datagram('34 01 00 ff'), 'DHCP_BAD_OVERLOAD'],
  ['overload value 4', datagram('34 01 04 ff'), 'DHCP_BAD_OVERLOAD'],
  ['overload of 2 bytes', datagram('34 02 01 01 ff'), 'DHCP_BAD_OVERLOAD'],
  ['overload of 0 bytes', datagram('34 00 ff'), 'DHCP_BAD_OVERLOAD'],
];
for (const [name, bytes, code] of bad) {
  t.test(`rejects ${name}`, async (t) => {
    t.throws(() => decodeDhcp(bytes), { code }, code);
    try {
      decodeDhcp(bytes);
    } catch (err) {
      t.ok(err instanceof DhcpDecodeError, 'a DhcpDecodeError');
    }
  });
}

const unencodable: [string, Partial<DhcpMessage>, string][] = [
  ['op 3', { op: 3 }, 'DHCP_BAD_FIELD'],
  ['xid over 32 bits', { xid: 2 ** 32 }, 'DHCP_BAD_FIELD'],
  ['negative secs', { secs: -1 }, 'DHCP_BAD_FIELD'],
  ['fractional flags', { flags: 0.5 }, 'DHCP_BAD_FIELD'],
  ['htype 256', { htype: 256 }, 'DHCP_BAD_FIELD'],
  ['sname of 65 bytes', { sname: 'x'.repeat(65) }, 'DHCP_BAD_FIELD'],
  ['file of 129 bytes', { file: 'x'.repeat(129) }, 'DHCP_BAD_FIELD'],
  ['file with a character above U+00FF', { file: 'boot\u20ac.efi' }, 'DHCP_BAD_FIELD'],
  ['file with a NUL', { file: 'a\0b' }, 'DHCP_BAD_FIELD'],
  ['yiaddr not an address', { yiaddr: '10.0.0' }, 'DHCP_BAD_ADDRESS'],
  ['giaddr octet over 255', { giaddr: '10.0.0.256' }, 'DHCP_BAD_ADDRESS'],
  ['chaddr not hex', { chaddr: '52:54:00:12:34:zz' }, 'DHCP_BAD_HARDWARE_ADDRESS'],
  ['chaddr of 17 bytes', { chaddr: Array(17).fill('aa').join(':') }, 'DHCP_BAD_HARDWARE_ADDRESS'],
  ['option code 0', { options: new Map([[0, new Uint8Array(0)]]) }, 'DHCP_BAD_OPTION_CODE'],
  ['option code 255', { options: new Map([[255, new Uint8Array(0)]]) }, 'DHCP_BAD_OPTION_CODE'],
  ['option code 52', { options: new Map([[52, Uint8Array.of(1)]]) }, 'DHCP_BAD_OPTION_CODE'],
  ['option code 256', { options: new Map([[256, Uint8Array.of(1)]]) }, 'DHCP_BAD_OPTION_CODE'],
];
for (const [name, change, code] of unencodable) {
  t.test(`refuses to encode ${name}`, async (t) => {
    t.throws(() => encodeDhcp({ ...base, ...change }), { code }, code);
    try {
      encodeDhcp({ ...base, ...change });
    } catch (err) {
      t.ok(err instanceof DhcpEncodeError, 'a DhcpEncodeError');
    }
  });
}
