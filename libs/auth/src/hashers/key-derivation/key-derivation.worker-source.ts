/**
 * The hashing thread, as plain JavaScript so it loads the same way under
 * ts-node, jest and the compiled dist. The synchronous derivation blocks this
 * dedicated thread only, never an event loop that serves requests. The thread
 * lowers its own CPU priority first (Linux: a thread id is a valid
 * setpriority target), so under load the scheduler runs the request thread,
 * the database and the proxies before another round of PBKDF2.
 */
export const KEY_DERIVATION_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pbkdf2Sync, scryptSync } = require('node:crypto');
const { readlinkSync } = require('node:fs');
const { setPriority } = require('node:os');

function lowerOwnPriority(niceness) {
  if (!niceness) return;
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), niceness);
  } catch {
    // Not Linux, or no /proc: the thread keeps the process's priority.
  }
}

function derive(job) {
  if (job.kind === 'pbkdf2') return pbkdf2Sync(job.password, job.salt, job.iterations, job.keyLength, job.digest);
  return scryptSync(job.password, job.salt, job.keyLength, job.options);
}

lowerOwnPriority(workerData.niceness);
parentPort.on('message', (job) => {
  try {
    parentPort.postMessage({ key: new Uint8Array(derive(job)) });
  } catch (error) {
    parentPort.postMessage({ error: { name: error.name, message: error.message } });
  }
});
`;
