// Node 20 lacks a few ES2024 built-ins the pdf.js inside unpdf 1.x calls. unpdf itself polyfills
// Promise.withResolvers, Promise.try, Map#getOrInsertComputed, Math.sumPrecise and
// Uint8Array#toHex; it does not polyfill ArrayBuffer#transferToFixedLength, which pdf.js uses when it
// hands a loaded font to the page (page.getOperatorList(); without it the call fails with
// "o.transferToFixedLength is not a function" and the font names, hence bold detection, are lost).
// Import this module for its side effect before using pdf.js. Node 21+ has all of these natively.

interface ArrayBufferTransfer {
  transfer?: (newLength?: number) => ArrayBuffer;
  transferToFixedLength?: (newLength?: number) => ArrayBuffer;
}

function copyBuffer(this: ArrayBuffer, newLength?: number): ArrayBuffer {
  const length = newLength ?? this.byteLength;
  const out = new ArrayBuffer(length);
  new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
  return out;
}

const proto = ArrayBuffer.prototype as unknown as ArrayBufferTransfer;
for (const name of ['transferToFixedLength', 'transfer'] as const) {
  if (typeof proto[name] !== 'function') {
    // A copy instead of a move: the source stays usable, which only costs memory.
    Object.defineProperty(ArrayBuffer.prototype, name, { value: copyBuffer, writable: true, configurable: true });
  }
}

if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
    writable: true,
    configurable: true,
  });
}

export {};
