import t from 'tap';
import { fromNetascii, toNetascii } from '../../src/tftp/netascii.js';

const b = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

t.same(toNetascii(b('a\nb')), b('a\r\nb'), 'LF becomes CR LF');
t.same(toNetascii(b('a\rb')), b('a\r\0b'), 'bare CR becomes CR NUL');
t.same(toNetascii(b('a\r\nb')), b('a\r\0\r\nb'), 'CR LF in the file: both converted, as RFC 764 says');
t.same(toNetascii(b('plain')), b('plain'), 'nothing to convert');
t.same(toNetascii(b('')), b(''), 'empty');
for (const s of ['a\nb\rc\r\nd', '\n\n\r\r', 'x', '', 'end\r']) {
  t.same(fromNetascii(toNetascii(b(s))), b(s), `round trip ${JSON.stringify(s)}`);
}
