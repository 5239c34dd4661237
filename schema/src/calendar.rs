//! The one rule JSON Schema cannot express: `RequestTime` names a day that exists. Its shape is
//! already checked by the schema's `pattern`, so this only runs on strings that match it.

use serde_json::Value;
use validator::{Validate, ValidationError};

use crate::Violation;

pub(crate) const POINTER: &str = "/RequestTime";
const CODE: &str = "calendarDate";

#[derive(Validate)]
struct CalendarFields<'a> {
    #[validate(custom(function = "real_calendar_date"))]
    request_time: &'a str,
}

pub(crate) fn check(record: &Value) -> Option<Violation> {
    let request_time = record.get("RequestTime")?.as_str()?;
    let errors = CalendarFields { request_time }.validate().err()?;
    let message = errors
        .field_errors()
        .values()
        .flat_map(|errors| errors.iter())
        .find_map(|error| error.message.clone())?;
    Some(Violation::new(POINTER, CODE, message.into_owned()))
}

fn real_calendar_date(request_time: &str) -> Result<(), ValidationError> {
    let Some((year, month, day)) = leading_date(request_time) else {
        return Ok(()); // not shaped like a date: the schema's pattern reports it
    };
    if day > days_in_month(year, month) {
        let date = &request_time[..10];
        return Err(ValidationError::new(CODE)
            .with_message(format!("RequestTime names a day that does not exist: {date}").into()));
    }
    Ok(())
}

fn leading_date(text: &str) -> Option<(u32, u32, u32)> {
    let year = text.get(0..4)?.parse().ok()?;
    let month = text.get(5..7)?.parse().ok()?;
    let day = text.get(8..10)?.parse().ok()?;
    Some((year, month, day))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_month_lengths_and_leap_years() {
        assert!(real_calendar_date("2018-01-31 00:00:00").is_ok());
        assert!(real_calendar_date("2018-04-31 00:00:00").is_err());
        assert!(real_calendar_date("2018-02-29 00:00:00").is_err());
        assert!(real_calendar_date("2020-02-29 00:00:00").is_ok());
        assert!(real_calendar_date("1900-02-29T00:00:00Z").is_err());
        assert!(real_calendar_date("2000-02-29T00:00:00Z").is_ok());
    }
}
