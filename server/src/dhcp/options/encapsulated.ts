/**
 * Options inside an option: code/length/value triples in the value of 43 (RFC 2132 §8.4, "vendor
 * specific information ... encapsulated vendor-specific options"), 82 (RFC 3046 §2.0) and iPXE's 175.
 * A sub-option code seen twice is concatenated, as RFC 3396 does for top-level options.
 */
import { badOptionInput, badOptionValue } from '../errors.js';
import { joinBytes } from '../wire-values.js';
import { MAX_SINGLE_OPTION_BYTES } from './primitives.js';

/** Sub-option bytes by code. */
export type SubOptions = Map<number, Uint8Array>;

export interface EncapsulationRules {
  /**
   * True where 0 is pad and 255 ends the list, as in RFC 2132 §8.4 ("encoded in the same way as
   * the DHCP options": 43, 175). RFC 3046 defines no pad or end for option 82: there 0 and 255
   * are ordinary codes.
   */
  padAndEnd: boolean;
}

/** Decodes the sub-options in the value of option `option`; `DHCP_BAD_OPTION_VALUE` if one overruns. */
export function decodeSubOptions(value: Uint8Array, option: number, rules: EncapsulationRules): SubOptions {
  const parts = new Map<number, Uint8Array[]>();
  let i = 0;
  while (i < value.length) {
    const code = value[i]!;
    if (rules.padAndEnd && code === 0) {
      i++;
      continue;
    }
    if (rules.padAndEnd && code === 255) break;
    if (i + 1 >= value.length) throw badOptionValue(option, `sub-option ${code} has no length byte`);
    const length = value[i + 1]!;
    if (i + 2 + length > value.length) {
      throw badOptionValue(option, `sub-option ${code} of ${length} bytes runs past the end of the option`);
    }
    let list = parts.get(code);
    if (list === undefined) parts.set(code, (list = []));
    list.push(value.subarray(i + 2, i + 2 + length));
    i += 2 + length;
  }
  const out: SubOptions = new Map();
  for (const [code, list] of parts) out.set(code, joinBytes(list));
  return out;
}

/**
 * Encodes sub-options in ascending code order, each at most 255 bytes; with `padAndEnd`, a closing
 * 255 as the PXE specification and iPXE write it. 0 and 255 are refused as codes there.
 */
export function encodeSubOptions(subOptions: SubOptions, option: number, rules: EncapsulationRules): Uint8Array {
  const codes = [...subOptions.keys()].sort((a, b) => a - b);
  const out: number[] = [];
  for (const code of codes) {
    const reserved = rules.padAndEnd && (code === 0 || code === 255);
    if (!Number.isInteger(code) || code < 0 || code > 255 || reserved) {
      throw badOptionInput(option, `sub-option code ${code} cannot be written`);
    }
    const value = subOptions.get(code)!;
    if (value.length > MAX_SINGLE_OPTION_BYTES) {
      throw badOptionInput(option, `sub-option ${code} of ${value.length} bytes exceeds ${MAX_SINGLE_OPTION_BYTES}`);
    }
    out.push(code, value.length, ...value);
  }
  if (rules.padAndEnd) out.push(255);
  return Uint8Array.from(out);
}
