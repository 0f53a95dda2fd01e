#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bantin::harness::import_html(data));
