// Preloaded into a server (node -r bench/lib/alloc-probe.js …) by bench/probe.ts: on an IPC message it reports
// the bytes the V8 heap has allocated since the previous message, from GC statistics (what each collection found
// used, minus what the previous one left), plus what is used now beyond the last collection.
'use strict';
const v8 = require('node:v8');

if (typeof process.send === 'function') {
  let profiler = new v8.GCProfiler();
  let baseline = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  process.on('message', (message) => {
    if (!message || message.type !== 'alloc') return;
    const { statistics } = profiler.stop();
    let allocated = 0;
    let after = baseline;
    for (const gc of statistics) {
      allocated += gc.beforeGC.heapStatistics.usedHeapSize - after;
      after = gc.afterGC.heapStatistics.usedHeapSize;
    }
    const now = v8.getHeapStatistics().used_heap_size;
    allocated += now - after;
    profiler = new v8.GCProfiler();
    baseline = now;
    profiler.start();
    process.send({ type: 'alloc', allocated, collections: statistics.length, gcMs: statistics.reduce((n, gc) => n + gc.cost, 0) / 1000 });
  });
  process.channel?.unref();
}

// CPU profile on demand: { type: 'profile-start' } … { type: 'profile-stop', file } writes a .cpuprofile.
if (typeof process.send === 'function') {
  const inspector = require('node:inspector');
  const { writeFileSync } = require('node:fs');
  let session;
  process.on('message', (message) => {
    if (message?.type === 'profile-start') {
      session = new inspector.Session();
      session.connect();
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start', () => process.send({ type: 'profile-started' }))),
      );
    } else if (message?.type === 'profile-stop' && session) {
      session.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(message.file, JSON.stringify(result.profile));
        session.disconnect();
        session = undefined;
        process.send({ type: 'profile-stopped', error: error ? String(error) : undefined });
      });
    }
  });
}

// Allocation sampling on demand: { type: 'heap-start' } … { type: 'heap-stop', file } writes a .heapprofile
// (V8's sampling heap profiler, which also counts objects already collected).
if (typeof process.send === 'function') {
  const inspector = require('node:inspector');
  const { writeFileSync } = require('node:fs');
  let session;
  process.on('message', (message) => {
    if (message?.type === 'heap-start') {
      session = new inspector.Session();
      session.connect();
      session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }, () =>
        process.send({ type: 'heap-started' }),
      );
    } else if (message?.type === 'heap-stop' && session) {
      session.post('HeapProfiler.stopSampling', (error, result) => {
        if (!error) writeFileSync(message.file, JSON.stringify(result.profile));
        session.disconnect();
        session = undefined;
        process.send({ type: 'heap-stopped', error: error ? String(error) : undefined });
      });
    }
  });
}
