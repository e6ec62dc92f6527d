/**
 * RFC 1350 / RFC 764 netascii for files sent in "netascii" mode: the served file uses Unix line ends,
 * the wire uses CR LF, and a bare CR is sent as CR NUL.
 */
const CR = 0x0d;
const LF = 0x0a;

export function toNetascii(input: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 0; i < input.length; i++) {
    const b = input[i];
    if (b === LF || b === CR) extra++;
  }
  if (extra === 0) return input;
  const out = new Uint8Array(input.length + extra);
  let j = 0;
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    if (b === LF) {
      out[j++] = CR;
      out[j++] = LF;
    } else if (b === CR) {
      out[j++] = CR;
      out[j++] = 0;
    } else {
      out[j++] = b;
    }
  }
  return out;
}

/** The inverse, for tests and for clients that check what they received. */
export function fromNetascii(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  let j = 0;
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    if (b === CR && i + 1 < input.length && (input[i + 1] === LF || input[i + 1] === 0)) {
      out[j++] = input[i + 1] === LF ? LF : CR;
      i++;
    } else {
      out[j++] = b;
    }
  }
  return out.subarray(0, j);
}
