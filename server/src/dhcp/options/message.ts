/**
 * What the message is and how big a reply may be: 53 message type (RFC 2132 §9.6), 56 message, the
 * text a server puts in a NAK (§9.9), 57 maximum message size (§9.10).
 */
import { badOptionInput, badOptionValue } from '../errors.js';
import { MIN_MAX_MESSAGE_SIZE, OptionCode } from '../iana.js';
import type { DhcpOptions } from '../packet.js';
import { getText, getUint, setText, setUint } from './primitives.js';

/**
 * One byte; `MessageType` holds 1..8 (RFC 2132 §9.6). Later RFCs add more (9 FORCERENEW, RFC 3203;
 * 10.. LEASEQUERY, RFC 4388), so any non-zero value is returned and the caller decides.
 */
export function getMessageType(options: DhcpOptions): number | undefined {
  const type = getUint(options, OptionCode.MESSAGE_TYPE, 1);
  if (type === 0) throw badOptionValue(OptionCode.MESSAGE_TYPE, 'message type 0 does not exist');
  return type;
}

export function setMessageType(options: DhcpOptions, type: number): void {
  if (type === 0) throw badOptionInput(OptionCode.MESSAGE_TYPE, 'message type 0 does not exist');
  setUint(options, OptionCode.MESSAGE_TYPE, 1, type);
}

export function getMessageText(options: DhcpOptions): string | undefined {
  return getText(options, OptionCode.MESSAGE);
}

export function setMessageText(options: DhcpOptions, text: string): void {
  setText(options, OptionCode.MESSAGE, text);
}

/** RFC 2132 §9.10: two bytes, "The minimum legal value is 576 octets." */
export function getMaxMessageSize(options: DhcpOptions): number | undefined {
  const size = getUint(options, OptionCode.MAX_MESSAGE_SIZE, 2);
  if (size !== undefined && size < MIN_MAX_MESSAGE_SIZE) {
    throw badOptionValue(OptionCode.MAX_MESSAGE_SIZE, `${size} is below the legal minimum ${MIN_MAX_MESSAGE_SIZE}`);
  }
  return size;
}

export function setMaxMessageSize(options: DhcpOptions, size: number): void {
  if (size < MIN_MAX_MESSAGE_SIZE) {
    throw badOptionInput(OptionCode.MAX_MESSAGE_SIZE, `${size} is below the legal minimum ${MIN_MAX_MESSAGE_SIZE}`);
  }
  setUint(options, OptionCode.MAX_MESSAGE_SIZE, 2, size);
}
