// No engine here can turn wasm SIMD off (Firefox's javascript.options.wasm_simd and V8's
// --no-wasm-simd both leave WebAssembly.validate of a SIMD module true), so the loader's question
// is answered for it, as in a browser without SIMD.
WebAssembly.validate = () => false;
