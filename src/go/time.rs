//! The slice of Go's `time.Time` that Atlas timestamps need: RFC 3339 in, `String()`
//! and RFC 3339 (nano, trimmed) out.

/// A wall-clock time with its UTC offset, as decoded from an RFC 3339 string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub nanos: u32,
    /// Offset east of UTC in seconds; `None` for `Z`.
    pub offset: Option<i32>,
}

fn digits(s: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = s.get(at..at + n)?;
    part.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl GoTime {
    /// Parses `2006-01-02T15:04:05[.frac](Z|±07:00)` as Go's `time.RFC3339` does.
    pub fn parse_rfc3339(text: &str) -> Result<GoTime, String> {
        let bad = || {
            format!(
                "parsing time {} as \"2006-01-02T15:04:05Z07:00\": not a valid RFC 3339 time",
                crate::go::strconv::quote(text)
            )
        };
        let s = text.as_bytes();
        let year = digits(s, 0, 4).ok_or_else(bad)?;
        let month = digits(s, 5, 2).ok_or_else(bad)?;
        let day = digits(s, 8, 2).ok_or_else(bad)?;
        let hour = digits(s, 11, 2).ok_or_else(bad)?;
        let minute = digits(s, 14, 2).ok_or_else(bad)?;
        let second = digits(s, 17, 2).ok_or_else(bad)?;
        if s.get(4) != Some(&b'-')
            || s.get(7) != Some(&b'-')
            || !matches!(s.get(10), Some(b'T' | b't'))
            || s.get(13) != Some(&b':')
            || s.get(16) != Some(&b':')
        {
            return Err(bad());
        }
        let year = year as i32;
        if !(1..=12).contains(&month)
            || day < 1
            || day > u32::from(days_in_month(year, month as u8))
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(bad());
        }
        let mut pos = 19;
        let mut nanos = 0u32;
        if matches!(s.get(pos), Some(b'.' | b',')) {
            pos += 1;
            let start = pos;
            while s.get(pos).is_some_and(u8::is_ascii_digit) {
                pos += 1;
            }
            let frac = s.get(start..pos).unwrap_or_default();
            if frac.is_empty() {
                return Err(bad());
            }
            // Go keeps nanosecond precision and drops further digits.
            for i in 0..9 {
                nanos = nanos * 10 + frac.get(i).map_or(0, |b| u32::from(b - b'0'));
            }
        }
        let offset = match s.get(pos) {
            Some(b'Z' | b'z') if pos + 1 == s.len() => None,
            Some(sign @ (b'+' | b'-')) if pos + 6 == s.len() && s.get(pos + 3) == Some(&b':') => {
                let h = digits(s, pos + 1, 2).ok_or_else(bad)?;
                let m = digits(s, pos + 4, 2).ok_or_else(bad)?;
                if h > 23 || m > 59 {
                    return Err(bad());
                }
                let secs = (h * 3600 + m * 60) as i32;
                Some(if *sign == b'-' { -secs } else { secs })
            }
            _ => return Err(bad()),
        };
        Ok(GoTime {
            year,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            nanos,
            offset,
        })
    }

    /// `2006-01-02<sep>15:04:05[.fraction]`, written digit by digit: these strings are
    /// made for every invitation a list prints, and `format!` dominated that.
    fn date_time(&self, sep: char) -> String {
        let mut out = String::with_capacity(36);
        let year = self.year.unsigned_abs();
        if self.year < 0 {
            out.push('-');
        }
        if year > 9999 {
            out.push_str(&year.to_string());
        } else {
            push_digits(&mut out, year, 4);
        }
        out.push('-');
        push_digits(&mut out, u32::from(self.month), 2);
        out.push('-');
        push_digits(&mut out, u32::from(self.day), 2);
        out.push(sep);
        push_digits(&mut out, u32::from(self.hour), 2);
        out.push(':');
        push_digits(&mut out, u32::from(self.minute), 2);
        out.push(':');
        push_digits(&mut out, u32::from(self.second), 2);
        if self.nanos != 0 {
            // The fraction with its trailing zeros trimmed.
            let mut digits = 9;
            let mut n = self.nanos;
            while n.is_multiple_of(10) {
                n /= 10;
                digits -= 1;
            }
            out.push('.');
            push_digits(&mut out, n, digits);
        }
        out
    }

    /// `time.Time.MarshalJSON` text (without quotes): RFC 3339 with trimmed nanoseconds.
    pub fn to_rfc3339(&self) -> String {
        let mut out = self.date_time('T');
        match self.offset {
            None | Some(0) => out.push('Z'),
            Some(o) => {
                out.push(if o < 0 { '-' } else { '+' });
                let o = o.unsigned_abs();
                push_digits(&mut out, o / 3600, 2);
                out.push(':');
                push_digits(&mut out, o % 3600 / 60, 2);
            }
        }
        out
    }

    /// `time.Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    ///
    /// UTC prints `+0000 UTC`. A fixed offset has no zone name in Go unless it matches
    /// the local zone; we print the offset as the name, as Go does for an unknown zone.
    pub fn go_string(&self) -> String {
        let o = self.offset.unwrap_or(0);
        let sign = if o < 0 { '-' } else { '+' };
        let num = format!("{sign}{:02}{:02}", o.abs() / 3600, o.abs() % 3600 / 60);
        let name = if o == 0 {
            "UTC".to_string()
        } else {
            num.clone()
        };
        format!("{} {num} {name}", self.date_time(' '))
    }

    /// `time.Time.GoString()`, which `%#v` prints:
    /// `time.Date(2026, time.August, 10, 3, 3, 37, 0, time.UTC)`.
    ///
    /// `Z` is `time.UTC`. An offset of zero is the local zone in Go when that is UTC (the
    /// assumption `go_string` makes too): `time.Local`. Other offsets are Go's unnamed
    /// fixed zones: `time.Location("")`.
    pub fn go_syntax(&self) -> String {
        let month = MONTHS
            .get(usize::from(self.month).wrapping_sub(1))
            .map_or_else(|| self.month.to_string(), |m| format!("time.{m}"));
        let loc = match self.offset {
            None => "time.UTC",
            Some(0) => "time.Local",
            Some(_) => "time.Location(\"\")",
        };
        format!(
            "time.Date({}, {month}, {}, {}, {}, {}, {}, {loc})",
            self.year, self.day, self.hour, self.minute, self.second, self.nanos
        )
    }
}

/// `time.Now().Unix()`: seconds since 1970 (0 if the clock is before it).
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The serde name of `time.Time`: a newtype around its RFC 3339 text, so JSON sees a
/// string and `reflect` knows the Go type.
pub const TIME: &str = "time.Time";

impl serde::Serialize for GoTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(TIME, &self.to_rfc3339())
    }
}

impl<'de> serde::de::Deserialize<'de> for GoTime {
    fn deserialize<D: serde::de::Deserializer<'de>>(d: D) -> Result<GoTime, D::Error> {
        struct TimeVisitor;
        impl<'de> serde::de::Visitor<'de> for TimeVisitor {
            type Value = GoTime;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an RFC 3339 time")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<GoTime, E> {
                GoTime::parse_rfc3339(v).map_err(E::custom)
            }
            fn visit_newtype_struct<D: serde::de::Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<GoTime, D::Error> {
                d.deserialize_option(self)
            }
            fn visit_some<D: serde::de::Deserializer<'de>>(self, d: D) -> Result<GoTime, D::Error> {
                d.deserialize_str(self)
            }
            // Go's `Time.UnmarshalJSON` takes `null` as a no-op: the zero time.
            fn visit_none<E: serde::de::Error>(self) -> Result<GoTime, E> {
                Ok(GoTime::ZERO)
            }
        }
        d.deserialize_newtype_struct(TIME, TimeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> GoTime {
        GoTime::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn string_and_json_forms() {
        assert_eq!(
            t("2026-08-10T03:03:37Z").go_string(),
            "2026-08-10 03:03:37 +0000 UTC"
        );
        assert_eq!(
            t("2026-08-10T03:03:37.120Z").go_string(),
            "2026-08-10 03:03:37.12 +0000 UTC"
        );
        assert_eq!(
            t("2026-08-10T03:03:37.000Z").go_string(),
            "2026-08-10 03:03:37 +0000 UTC"
        );
        assert_eq!(
            t("2026-08-10T03:03:37.000Z").to_rfc3339(),
            "2026-08-10T03:03:37Z"
        );
        assert_eq!(
            t("2026-08-10T03:03:37.500Z").to_rfc3339(),
            "2026-08-10T03:03:37.5Z"
        );
        assert_eq!(
            t("2026-08-10T03:03:37+02:00").to_rfc3339(),
            "2026-08-10T03:03:37+02:00"
        );
        assert_eq!(
            t("2026-08-10T03:03:37+02:00").go_string(),
            "2026-08-10 03:03:37 +0200 +0200"
        );
        assert_eq!(t("2026-08-10T03:03:37.123456789123Z").nanos, 123_456_789);
    }

    #[test]
    fn rejects_bad_times() {
        for bad in [
            "",
            "2026-08-10",
            "2026-13-10T03:03:37Z",
            "2026-02-30T03:03:37Z",
            "2026-08-10T24:03:37Z",
            "2026-08-10T03:03:37",
            "2026-08-10T03:03:37.Z",
            "2026-08-10T03:03:37+0200",
        ] {
            assert!(GoTime::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }
}

/// `n` in decimal, zero-padded to `width` digits (wider numbers keep all digits).
fn push_digits(out: &mut String, n: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    let start = i.min(buf.len().saturating_sub(width));
    for &b in buf.get(start..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// `time.Month.String()`.
pub fn month_name(m: u8) -> String {
    MONTHS
        .get(usize::from(m).wrapping_sub(1))
        .map_or_else(|| format!("%!Month({m})"), |s| s.to_string())
}

/// `time.Weekday.String()`.
pub fn weekday_name(d: u8) -> String {
    WEEKDAYS
        .get(usize::from(d))
        .map_or_else(|| format!("%!Weekday({d})"), |s| s.to_string())
}

impl GoTime {
    /// Go's zero `time.Time`: `0001-01-01 00:00:00 +0000 UTC`.
    pub const ZERO: GoTime = GoTime {
        year: 1,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        nanos: 0,
        offset: None,
    };

    fn days(&self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// Seconds since the Unix epoch.
    pub fn unix(&self) -> i64 {
        self.days() * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset.unwrap_or(0))
    }

    /// 0 = Sunday.
    pub fn weekday(&self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        (self.days() + 4).rem_euclid(7) as u8
    }

    pub fn year_day(&self) -> i64 {
        self.days() - days_from_civil(i64::from(self.year), 1, 1) + 1
    }

    pub fn is_zero(&self) -> bool {
        self.unix() == GoTime::ZERO.unix() && self.nanos == 0
    }

    /// The same instant in UTC.
    pub fn utc(&self) -> GoTime {
        let secs = self.unix();
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        GoTime {
            year: y as i32,
            month: m as u8,
            day: d as u8,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
            nanos: self.nanos,
            offset: None,
        }
    }

    /// `time.Time.Format` with Go's reference-layout tokens.
    pub fn format(&self, layout: &str) -> String {
        let mut out = String::new();
        let mut rest = layout;
        let off = self.offset.unwrap_or(0);
        let zone_name = if off == 0 {
            "UTC".to_string()
        } else {
            offset_text(off, false, false)
        };
        let hour12 = match self.hour % 12 {
            0 => 12,
            h => h,
        };
        while !rest.is_empty() {
            // Longest tokens first, as Go's nextStdChunk does for shared prefixes.
            let tokens: &[(&str, &dyn Fn() -> String)] = &[
                ("January", &|| month_name(self.month)),
                ("Jan", &|| month_name(self.month)[..3].to_string()),
                ("Monday", &|| weekday_name(self.weekday())),
                ("Mon", &|| weekday_name(self.weekday())[..3].to_string()),
                ("MST", &|| zone_name.clone()),
                ("2006", &|| format!("{:04}", self.year)),
                ("002", &|| format!("{:03}", self.year_day())),
                ("01", &|| format!("{:02}", self.month)),
                ("02", &|| format!("{:02}", self.day)),
                ("_2", &|| format!("{:>2}", self.day)),
                ("06", &|| format!("{:02}", self.year.rem_euclid(100))),
                ("15", &|| format!("{:02}", self.hour)),
                ("03", &|| format!("{hour12:02}")),
                ("04", &|| format!("{:02}", self.minute)),
                ("05", &|| format!("{:02}", self.second)),
                ("Z07:00:00", &|| {
                    if off == 0 {
                        "Z".into()
                    } else {
                        offset_text(off, true, true)
                    }
                }),
                ("Z07:00", &|| {
                    if off == 0 {
                        "Z".into()
                    } else {
                        offset_text(off, true, false)
                    }
                }),
                ("Z0700", &|| {
                    if off == 0 {
                        "Z".into()
                    } else {
                        offset_text(off, false, false)
                    }
                }),
                ("Z07", &|| {
                    if off == 0 {
                        "Z".into()
                    } else {
                        offset_text(off, false, false)[..3].to_string()
                    }
                }),
                ("-07:00:00", &|| offset_text(off, true, true)),
                ("-07:00", &|| offset_text(off, true, false)),
                ("-0700", &|| offset_text(off, false, false)),
                ("-07", &|| offset_text(off, false, false)[..3].to_string()),
                ("PM", &|| {
                    if self.hour >= 12 {
                        "PM".into()
                    } else {
                        "AM".into()
                    }
                }),
                ("pm", &|| {
                    if self.hour >= 12 {
                        "pm".into()
                    } else {
                        "am".into()
                    }
                }),
                ("1", &|| self.month.to_string()),
                ("2", &|| self.day.to_string()),
                ("3", &|| hour12.to_string()),
                ("4", &|| self.minute.to_string()),
                ("5", &|| self.second.to_string()),
            ];
            // Fractional seconds: .000 / ,000 (fixed) or .999 / ,999 (trimmed) after a dot.
            if let Some(frac) = fractional_token(rest) {
                let digits = format!("{:09}", self.nanos);
                let n = frac.len() - 1;
                let text = digits.get(..n.min(9)).unwrap_or_default();
                let (sep, kind) = (frac.chars().next().unwrap_or('.'), frac.chars().nth(1));
                if kind == Some('9') {
                    let t = text.trim_end_matches('0');
                    if !t.is_empty() {
                        out.push(sep);
                        out.push_str(t);
                    }
                } else {
                    out.push(sep);
                    out.push_str(text);
                }
                rest = &rest[frac.len()..];
                continue;
            }
            match tokens.iter().find(|(t, _)| rest.starts_with(t)) {
                Some((t, f)) => {
                    out.push_str(&f());
                    rest = &rest[t.len()..];
                }
                None => {
                    let c = rest.chars().next().unwrap_or(' ');
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        out
    }
}

/// `.000`, `,999` … runs (a separator then repeated 0s or 9s) not followed by a digit.
fn fractional_token(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if !matches!(b.first(), Some(b'.' | b',')) {
        return None;
    }
    let digit = *b.get(1)?;
    if digit != b'0' && digit != b'9' {
        return None;
    }
    let mut end = 1;
    while b.get(end) == Some(&digit) {
        end += 1;
    }
    if b.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some(&s[..end])
}

fn offset_text(off: i32, colon: bool, seconds: bool) -> String {
    let sign = if off < 0 { '-' } else { '+' };
    let a = off.abs();
    let (h, m, s) = (a / 3600, a % 3600 / 60, a % 60);
    match (colon, seconds) {
        (true, true) => format!("{sign}{h:02}:{m:02}:{s:02}"),
        (true, false) => format!("{sign}{h:02}:{m:02}"),
        (false, _) => format!("{sign}{h:02}{m:02}"),
    }
}

/// The inverse of `days_from_civil`.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn layouts() {
        let t = GoTime::parse_rfc3339("2026-08-10T03:03:37.120Z").unwrap();
        assert_eq!(t.format("2006-01-02"), "2026-08-10");
        assert_eq!(
            t.format("Mon Jan _2 15:04:05 MST 2006"),
            "Mon Aug 10 03:03:37 UTC 2026"
        );
        assert_eq!(
            t.format("2006-01-02T15:04:05.000Z07:00"),
            "2026-08-10T03:03:37.120Z"
        );
        assert_eq!(
            t.format("3:04PM .999 January 2, 06"),
            "3:03AM .12 August 10, 26"
        );
        assert_eq!(t.weekday(), 1);
        assert_eq!(t.unix(), 1_786_331_017);
        assert_eq!(GoTime::ZERO.unix(), -62_135_596_800);
        let p = GoTime::parse_rfc3339("2026-08-10T03:03:37+02:00").unwrap();
        assert_eq!(p.utc().format("15:04 -0700"), "01:03 +0000");
        assert_eq!(p.format("Z07:00 -07"), "+02:00 +02");
    }
}
