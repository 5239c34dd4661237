//! The schema's two string formats, `lowercase-uuid` and `request-time`, as named Rust functions that
//! every build links. Each spells out the `x-pattern` written next to its `format` in the schema; a
//! test checks the two agree with a real regex engine. Hand-written because jsonschema compiles
//! `pattern` with the full `regex` crate, whose Unicode tables would outgrow the browser build.

/// `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`: one UUID, one spelling.
pub fn is_lowercase_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, &byte)| match index {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => matches!(byte, b'0'..=b'9' | b'a'..=b'f'),
        })
}

/// Python's `str(datetime)` (`YYYY-MM-DD HH:MM:SS[.ffffff]`) or RFC 3339
/// (`YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)`, `T` and `Z` in either case). The calendar (no
/// 2018-02-30) is a rule of its own, `calendarDate`.
pub fn is_request_time(text: &str) -> bool {
    let mut rest = Cursor(text.as_bytes());
    if !rest.date() {
        return false;
    }
    let complete = if rest.byte(b" ") {
        rest.clock() && rest.python_fraction()
    } else {
        rest.byte(b"Tt") && rest.clock() && rest.rfc3339_fraction() && rest.rfc3339_offset()
    };
    complete && rest.0.is_empty()
}

/// The unread rest of a string.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    /// `width` digits whose value is in `range`.
    fn number(&mut self, width: usize, range: std::ops::RangeInclusive<u32>) -> bool {
        let Some((digits, rest)) = self.0.split_at_checked(width) else {
            return false;
        };
        if !digits.iter().all(u8::is_ascii_digit) {
            return false;
        }
        let value = digits
            .iter()
            .fold(0, |value, digit| value * 10 + u32::from(digit - b'0'));
        self.0 = rest;
        range.contains(&value)
    }

    fn byte(&mut self, accepted: &[u8]) -> bool {
        match self.0.split_first() {
            Some((first, rest)) if accepted.contains(first) => {
                self.0 = rest;
                true
            }
            _ => false,
        }
    }

    fn date(&mut self) -> bool {
        self.number(4, 0..=9999)
            && self.byte(b"-")
            && self.number(2, 1..=12)
            && self.byte(b"-")
            && self.number(2, 1..=31)
    }

    fn clock(&mut self) -> bool {
        self.number(2, 0..=23)
            && self.byte(b":")
            && self.number(2, 0..=59)
            && self.byte(b":")
            && self.number(2, 0..=59)
    }

    /// Nothing, or `.` and exactly six digits.
    fn python_fraction(&mut self) -> bool {
        !self.byte(b".") || self.digits(6..=6)
    }

    /// Nothing, or `.` and one to nine digits.
    fn rfc3339_fraction(&mut self) -> bool {
        !self.byte(b".") || self.digits(1..=9)
    }

    fn digits(&mut self, count: std::ops::RangeInclusive<usize>) -> bool {
        let found = self
            .0
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        self.0 = &self.0[found..];
        count.contains(&found)
    }

    /// `Z`/`z`, or `+HH:MM` / `-HH:MM`.
    fn rfc3339_offset(&mut self) -> bool {
        self.byte(b"Zz")
            || (self.byte(b"+-")
                && self.number(2, 0..=23)
                && self.byte(b":")
                && self.number(2, 0..=59))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert!(is_lowercase_uuid("cb4e0e60-9c23-11e8-af29-8a060cb55967"));
        for refused in [
            "CB4E0E60-9C23-11E8-AF29-8A060CB55967",
            "cb4e0e60-9c23-11e8-af29-8a060cb5596",
            "cb4e0e609c23-11e8-af29-8a060cb55967-",
            "{cb4e0e60-9c23-11e8-af29-8a060cb5596}",
            "",
        ] {
            assert!(!is_lowercase_uuid(refused), "{refused}");
        }
    }

    #[test]
    fn request_times() {
        for accepted in [
            "2018-08-09 22:30:18.347888",
            "2018-08-09 22:30:18",
            "2018-08-09T22:30:18Z",
            "2018-08-09t22:30:18.123456789z",
            "2018-08-09T23:59:59-23:59",
        ] {
            assert!(is_request_time(accepted), "{accepted}");
        }
        for refused in [
            "2018-08-09 22:30:18.347",
            "2018-08-09 22:30:18Z",
            "2018-08-09T22:30:18",
            "2018-08-09T22:30:18.1234567890Z",
            "2018-13-09 22:30:18",
            "2018-08-09 24:00:00",
            "2018-08-09 22:30:60",
            "2018-08-09T22:30:18+24:00",
            "2018-08-09",
            "",
        ] {
            assert!(!is_request_time(refused), "{refused}");
        }
    }
}
