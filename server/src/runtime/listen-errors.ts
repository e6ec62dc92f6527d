/** Turns a bind failure into one sentence an operator can act on. */
import { ThinbootError, systemCode } from '../errors.js';

export function listenError(err: unknown, service: string, proto: 'UDP' | 'TCP', address: string, port: number): ThinbootError {
  const where = `${proto} ${address}:${port}`;
  switch (systemCode(err)) {
    case 'EADDRINUSE':
      return new ThinbootError(
        'PORT_IN_USE',
        `${service} cannot listen on ${where}: the port is already in use (another ${service} server running?)`,
        { cause: err },
      );
    case 'EACCES':
    case 'EPERM':
      return new ThinbootError(
        'PORT_NEEDS_PRIVILEGE',
        `${service} cannot listen on ${where}: ports below 1024 need root or the CAP_NET_BIND_SERVICE capability (or choose a port above 1023)`,
        { cause: err },
      );
    case 'EADDRNOTAVAIL':
      return new ThinbootError('ADDRESS_NOT_LOCAL', `${service} cannot listen on ${where}: ${address} is not an address of this host`, {
        cause: err,
      });
    default:
      return new ThinbootError('LISTEN_FAILED', `${service} cannot listen on ${where}: ${(err as Error).message}`, { cause: err });
  }
}
