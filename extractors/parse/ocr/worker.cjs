// Entry of an OCR worker thread: tesseract.js's own Node worker script, with two guards.
//
// 1. No network. tesseract.js fetches language data it does not find on disk, and a failed fetch
//    inside the thread cannot be caught by anyone; here fetch fails at once, as a rejected job.
// 2. A failed start ends the thread. When loading the core, the language data or initialising
//    fails, tesseract.js leaves its createWorker promise pending and the idle thread alive, which
//    keeps the process from exiting; the engine gives up on the worker when it sees the failure,
//    and the thread exits by itself here.
'use strict';
const { parentPort } = require('node:worker_threads');

globalThis.fetch = async (url) => {
  throw new Error(`OCR works offline: refusing to fetch ${String(url)}`);
};

const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (packet, transfer) => {
  post(packet, transfer);
  if (packet && packet.status === 'reject' && ['load', 'loadLanguage', 'initialize'].includes(packet.action)) {
    setImmediate(() => process.exit(1));
  }
};

require('tesseract.js/src/worker-script/node/index.js');
