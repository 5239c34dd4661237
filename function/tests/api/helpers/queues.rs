//! The function's queues kept in memory: what it dead-lettered and which messages it held back.

use std::sync::Mutex;

use ride_record_function::outcome::Outcome;
use ride_record_function::queue::{QueueError, Rejection, RideQueues};

#[derive(Default)]
pub struct KeptQueues {
    /// The reason codes of the rides dead-lettered, in order.
    pub dead_letters: Mutex<Vec<Outcome>>,
    /// Each held-back message's receipt handle and receive count, in order.
    pub held_back: Mutex<Vec<(String, u32)>>,
    /// No dead-letter queue configured: every dead-letter send fails, as without `DEAD_LETTER_QUEUE_URL`.
    pub without_dead_letter_queue: bool,
}

impl KeptQueues {
    pub fn without_dead_letter_queue() -> Self {
        Self {
            without_dead_letter_queue: true,
            ..Self::default()
        }
    }
}

impl RideQueues for KeptQueues {
    async fn dead_letter(&self, _body: &str, reason: &Rejection) -> Result<(), QueueError> {
        if self.without_dead_letter_queue {
            return Err(QueueError("no dead-letter queue".into()));
        }
        self.dead_letters.lock().unwrap().push(reason.code);
        Ok(())
    }

    async fn delay_redelivery(&self, failed: &[(String, u32)]) -> Result<(), QueueError> {
        self.held_back.lock().unwrap().extend_from_slice(failed);
        Ok(())
    }
}
