import t from 'tap';
import { decodePacket, encodePacket, TftpDecodeError, type TftpPacket } from '../../src/tftp/packet.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

// name, packet, exact wire bytes: each row is decoded, encoded and compared both ways.
const table: [string, TftpPacket, Uint8Array][] = [
  ['RRQ octet, no options', { op: 'RRQ', filename: 'pxelinux.0', mode: 'octet', options: [] }, ascii('\x00\x01pxelinux.0\x00octet\x00')],
  [
    'RRQ iPXE: blksize 1432 tsize 0',
    { op: 'RRQ', filename: 'undionly.kpxe', mode: 'octet', options: [{ name: 'blksize', value: '1432' }, { name: 'tsize', value: '0' }] },
    ascii('\x00\x01undionly.kpxe\x00octet\x00blksize\x001432\x00tsize\x000\x00'),
  ],
  [
    'RRQ edk2: tsize blksize windowsize',
    {
      op: 'RRQ',
      filename: 'grubaa64.efi',
      mode: 'octet',
      options: [{ name: 'tsize', value: '0' }, { name: 'blksize', value: '1468' }, { name: 'windowsize', value: '4' }],
    },
    ascii('\x00\x01grubaa64.efi\x00octet\x00tsize\x000\x00blksize\x001468\x00windowsize\x004\x00'),
  ],
  ['WRQ netascii', { op: 'WRQ', filename: 'a.txt', mode: 'netascii', options: [] }, ascii('\x00\x02a.txt\x00netascii\x00')],
  ['DATA block 1', { op: 'DATA', block: 1, data: hex('deadbeef') }, hex('0003 0001 deadbeef')],
  ['DATA empty last block', { op: 'DATA', block: 65535, data: new Uint8Array(0) }, hex('0003 ffff')],
  ['ACK 0', { op: 'ACK', block: 0 }, hex('0004 0000')],
  ['ACK 65535', { op: 'ACK', block: 65535 }, hex('0004 ffff')],
  ['ERROR 1', { op: 'ERROR', code: 1, message: 'file not found' }, ascii('\x00\x05\x00\x01file not found\x00')],
  ['ERROR 8 user aborted', { op: 'ERROR', code: 8, message: 'User aborted the transfer' }, ascii('\x00\x05\x00\x08User aborted the transfer\x00')],
  ['OACK', { op: 'OACK', options: [{ name: 'tsize', value: '1048576' }] }, ascii('\x00\x06tsize\x001048576\x00')],
];

for (const [name, packet, bytes] of table) {
  t.test(name, async (t) => {
    t.same(decodePacket(bytes), packet, 'decodes');
    t.same(encodePacket(packet), bytes, 'encodes');
    t.same(decodePacket(encodePacket(packet)), packet, 'round trips');
  });
}

t.test('tolerated quirks', async (t) => {
  t.same(decodePacket(ascii('\x00\x05\x00\x00no terminator')), { op: 'ERROR', code: 0, message: 'no terminator' }, 'ERROR without NUL');
  t.same(
    decodePacket(ascii('\x00\x01f\x00octet\x00tsize\x000\x00\x00')).op,
    'RRQ',
    'one trailing empty string after options',
  );
  t.same(decodePacket(ascii('\x00\x01f\x00OCTET\x00')), { op: 'RRQ', filename: 'f', mode: 'OCTET', options: [] }, 'mode case kept');
});

// Exact error codes for bad input: callers branch on these.
const bad: [string, Uint8Array, string][] = [
  ['empty', new Uint8Array(0), 'TFTP_TRUNCATED'],
  ['3 bytes', hex('000400'), 'TFTP_TRUNCATED'],
  ['opcode 0', hex('0000 0000'), 'TFTP_BAD_OPCODE'],
  ['opcode 7', hex('0007 0000'), 'TFTP_BAD_OPCODE'],
  ['opcode 0x0100', hex('0100 0000'), 'TFTP_BAD_OPCODE'],
  ['RRQ without NUL', ascii('\x00\x01file'), 'TFTP_UNTERMINATED_STRING'],
  ['RRQ without mode', ascii('\x00\x01file\x00'), 'TFTP_TRUNCATED'],
  ['RRQ empty filename', ascii('\x00\x01\x00octet\x00'), 'TFTP_EMPTY_FILENAME'],
  ['RRQ option without value', ascii('\x00\x01f\x00octet\x00blksize\x00'), 'TFTP_ODD_OPTIONS'],
  ['RRQ empty option name', ascii('\x00\x01f\x00octet\x00\x00x\x00'), 'TFTP_EMPTY_OPTION'],
  ['RRQ invalid UTF-8', Uint8Array.from([0, 1, 0xff, 0xfe, 0, 0x6f, 0]), 'TFTP_BAD_TEXT'],
  ['ACK too long', hex('0004 0001 00'), 'TFTP_BAD_LENGTH'],
  ['oversized', new Uint8Array(65469), 'TFTP_TOO_LONG'],
];
for (const [name, bytes, code] of bad) {
  t.test(`rejects ${name}`, async (t) => {
    t.throws(() => decodePacket(bytes), { code }, code);
    try {
      decodePacket(bytes);
    } catch (err) {
      t.ok(err instanceof TftpDecodeError, 'a TftpDecodeError');
    }
  });
}

t.test('encode refuses a NUL inside a string', async (t) => {
  t.throws(() => encodePacket({ op: 'RRQ', filename: 'a\0b', mode: 'octet', options: [] }), { code: 'TFTP_NUL_IN_STRING' });
});
