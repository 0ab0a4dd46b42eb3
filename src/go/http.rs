//! Go's `net/http` pieces we need: `http.ParseTime` for `Retry-After` and `Sunset`.

use super::time::days_from_civil;

/// Unix seconds of an HTTP date such as `Thu, 1 Jul 2027 00:00:00 GMT` (the day may
/// have one digit, as Atlas sends it).
pub fn parse_http_date(s: &str) -> Option<i64> {
    let rest = s.trim().split_once(", ").map_or(s.trim(), |(_, r)| r);
    let mut parts = rest.split_whitespace();
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, sec) = (hms.next()??, hms.next()??, hms.next()??);
    // Go's layout reads a four-digit year and two-digit fields: nothing here overflows.
    if !(1..=31).contains(&day)
        || !(0..=9999).contains(&year)
        || !(0..=23).contains(&h)
        || !(0..=59).contains(&mi)
        || !(0..=60).contains(&sec)
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + mi * 60 + sec)
}

#[cfg(test)]
mod http_date_tests {
    use super::parse_http_date;

    #[test]
    fn atlas_headers() {
        assert_eq!(
            parse_http_date("Thu, 1 Jul 2027 00:00:00 GMT"),
            Some(1_814_400_000)
        );
        assert_eq!(
            parse_http_date("Wed, 19 Feb 2025 00:00:00 GMT"),
            Some(1_739_923_200)
        );
        assert_eq!(parse_http_date("nonsense"), None);
    }
}
