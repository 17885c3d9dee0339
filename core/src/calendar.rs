//! Days and civil dates (UTC, proleptic Gregorian), for the signature's minute and the
//! emulator's dates. The calendar is the `time` crate's; it covers the years ±9999, so a day
//! outside them is first moved in by whole 400-year cycles (146,097 days: the Gregorian
//! calendar repeats exactly) and the cycles added back to the year. Every `i64` day gives its
//! date; absurd dates given wrap their day count (a wrong day, never a panic).

use time::{Date, Month, OffsetDateTime};

/// Days in 400 Gregorian years.
const CYCLE_DAYS: i64 = 146_097;
/// 1970-01-01's Julian day number.
const UNIX_EPOCH_JULIAN_DAY: i64 = OffsetDateTime::UNIX_EPOCH.to_julian_day() as i64;

/// (year, month 1–12, day) → days since 1970-01-01; `None` for a month outside 1–12. The day
/// counts on from the month's first, so the 31st of a 30-day month is the next month's 1st.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> Option<i64> {
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    let first = Date::from_calendar_date(y.rem_euclid(400) as i32, month, 1).ok()?;
    let days = i64::from(first.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY + i64::from(d) - 1;
    Some(y.div_euclid(400).wrapping_mul(CYCLE_DAYS).wrapping_add(days))
}

/// Days since 1970-01-01 → (year, month 1–12, day 1–31).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // A day of the cycle starting 1970-01-01 (so of the years 1970 to 2369), which `time` covers.
    let date =
        Date::from_julian_day((UNIX_EPOCH_JULIAN_DAY + days.rem_euclid(CYCLE_DAYS)) as i32).unwrap_or(OffsetDateTime::UNIX_EPOCH.date());
    let year = days.div_euclid(CYCLE_DAYS) * 400 + i64::from(date.year());
    (year, u32::from(u8::from(date.month())), u32::from(date.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Howard Hinnant's days_from_civil, which this module replaced: the reference.
    fn hinnant(y: i64, m: u32, d: u32) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let (era, yoe) = (y.div_euclid(400), y.rem_euclid(400));
        let mp = i64::from((m % 12 + 9) % 12);
        let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    #[test]
    fn round_trips_across_leap_days_and_eras() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(days_from_civil(2000, 3, 1).unwrap() - days_from_civil(2000, 2, 28).unwrap(), 2);
        assert_eq!(days_from_civil(2024, 2, 31), days_from_civil(2024, 3, 2));
        assert_eq!(days_from_civil(10_000, 1, 1), Some(hinnant(10_000, 1, 1)));
        for days in (-800_000..800_000).step_by(997).chain((-4_000_000_000_000..4_000_000_000_000).step_by(99_999_999_977)) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), Some(days));
            assert_eq!(hinnant(y, m, d), days, "{y}-{m}-{d}");
        }
        for (y, m, d) in [(0, 1, 1), (9999, 12, 31), (-1, 3, 1), (2024, 2, 31), (1970, 12, 1)] {
            assert_eq!(days_from_civil(y, m, d), Some(hinnant(y, m, d)), "{y}-{m}-{d}");
        }
        assert_eq!(days_from_civil(2024, 0, 1), None);
        assert_eq!(days_from_civil(2024, 13, 1), None);
        // Absurd inputs give some date, not a panic.
        let _ = (
            days_from_civil(i64::MAX, 12, u32::MAX),
            days_from_civil(i64::MIN, 1, 1),
            civil_from_days(i64::MAX),
            civil_from_days(i64::MIN),
        );
    }
}
