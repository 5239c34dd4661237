//! Times `validate_bytes` (parse, schema, calendar rule, typed record) on the shared vectors' real
//! records: prints one JSON line with the nanoseconds per record of each round (`make bench`).
//!
//! usage: validation-timing [ROUNDS] [PASSES_PER_ROUND]

use std::hint::black_box;
use std::time::Instant;

use ride_record_schema::{validate_bytes, vectors};

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|arg| arg.parse::<u32>().expect("a number"));
    let rounds = args.next().unwrap_or(21);
    let passes = args.next().unwrap_or(20_000);
    let records: Vec<Vec<u8>> = vectors::load_all()
        .into_iter()
        .filter(|vector| vector.name.contains("-real-"))
        .map(|vector| vector.body())
        .collect();
    assert!(records.iter().all(|record| validate_bytes(record).is_ok()));
    let ns_per_record: Vec<f64> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..passes {
                for record in &records {
                    black_box(validate_bytes(black_box(record)).is_ok());
                }
            }
            started.elapsed().as_nanos() as f64 / f64::from(passes) / records.len() as f64
        })
        .collect();
    println!(
        "{}",
        serde_json::json!({"records": records.len(), "ns_per_record": ns_per_record})
    );
}
