import { TftpServer } from '../../src/tftp/tftp-server.js';
import { ServedRoot } from '../../src/files/served-root.js';
import { udpNetwork } from '../../src/net/udp-network.js';
import { createLogger } from '../../src/log.js';
const dir = process.argv[2]!;
const srv = new TftpServer({ address: '127.0.0.1', port: Number(process.argv[3] ?? 0), root: await ServedRoot.open(dir), network: udpNetwork, logger: createLogger('debug') });
await srv.listen();
srv.events.on('transfer-end', (s) => console.error('END', JSON.stringify(s)));
console.error('PORT', srv.port);
