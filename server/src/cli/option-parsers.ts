/** commander argument parsers: each rejects bad input with one sentence. */
import { isIPv4 } from 'node:net';
import { InvalidArgumentError } from 'commander';

export function port(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535.');
  return n;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
}

export function ipv4(value: string): string {
  if (!isIPv4(value)) throw new InvalidArgumentError('expected an IPv4 address such as 192.168.1.10.');
  return value;
}

export function dhcpMode(value: string): 'off' | 'proxy' | 'full' {
  if (value !== 'off' && value !== 'proxy' && value !== 'full') throw new InvalidArgumentError('choose off, proxy or full.');
  return value;
}

export function ipv4Range(value: string): string {
  const [a, b, ...rest] = value.split('-');
  if (rest.length || !a || !b || !isIPv4(a) || !isIPv4(b)) {
    throw new InvalidArgumentError('expected START-END, two IPv4 addresses such as 10.0.0.100-10.0.0.199.');
  }
  return value;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
