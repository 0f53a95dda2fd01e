#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bantin::harness::content_file(data));
