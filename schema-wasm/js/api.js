// The JavaScript API over the wasm exports: one shape for the browser and Node entries.
export function makeApi(bindings) {
  const encoder = new TextEncoder();
  const memory = bindings.wasmMemory();
  let bytes = new Uint8Array(memory.buffer); // replaced whenever wasm memory grows

  /** The document's UTF-8 written into wasm memory, as the service would receive it: its length. */
  function writeInput(text) {
    const capacity = text.length * 3; // the most UTF-8 bytes a UTF-16 string can need
    const address = bindings.inputBuffer(capacity);
    if (bytes.buffer !== memory.buffer) bytes = new Uint8Array(memory.buffer);
    return encoder.encodeInto(text, bytes.subarray(address, address + capacity)).written;
  }

  /**
   * Validates a ride record given as a JSON string (checked byte for byte as the service would
   * receive it) or as a plain object (checked as JSON.stringify sends it).
   */
  function validateRideRecord(input) {
    const text = typeof input === "string" ? input : JSON.stringify(input) ?? "";
    const violations = bindings.inputViolationsJson(writeInput(text));
    return violations === undefined
      ? { valid: true, errors: [] }
      : { valid: false, errors: JSON.parse(violations) };
  }
  return {
    validateRideRecord,
    schema: JSON.parse(bindings.schemaJson()),
    version: bindings.crateVersion(),
  };
}
