/**
 * 55 parameter request list (RFC 2132 §9.8): the option codes the client wants, one byte each, "in
 * order of preference"; minimum length 1.
 */
import { badOptionInput, badOptionValue } from '../errors.js';
import { OptionCode } from '../iana.js';
import type { DhcpOptions } from '../packet.js';

export function getParameterList(options: DhcpOptions): number[] | undefined {
  const value = options.get(OptionCode.PARAMETER_LIST);
  if (value === undefined) return undefined;
  if (value.length === 0) throw badOptionValue(OptionCode.PARAMETER_LIST, 'the list is empty');
  return Array.from(value);
}

export function setParameterList(options: DhcpOptions, codes: readonly number[]): void {
  if (codes.length === 0) throw badOptionInput(OptionCode.PARAMETER_LIST, 'the list is empty');
  if (codes.some((c) => !Number.isInteger(c) || c < 1 || c > 254)) {
    throw badOptionInput(OptionCode.PARAMETER_LIST, 'codes must be integers 1..254');
  }
  options.set(OptionCode.PARAMETER_LIST, Uint8Array.from(codes));
}

/** True when the client listed `code` in option 55; false when it did not or sent no list. */
export function requestsOption(options: DhcpOptions, code: number): boolean {
  return options.get(OptionCode.PARAMETER_LIST)?.includes(code) ?? false;
}
