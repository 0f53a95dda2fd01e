#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bantin::harness::site_yaml(data));
