using System.Globalization;
using System.Text;

namespace McpContext.Toml;

/// <summary>The four TOML date/time flavours.</summary>
public enum TomlDateTimeKind
{
    /// <summary>Date, time and UTC offset: <c>1979-05-27T07:32:00Z</c>.</summary>
    OffsetDateTime,

    /// <summary>Date and time without offset: <c>1979-05-27T07:32:00</c>.</summary>
    LocalDateTime,

    /// <summary>Date only: <c>1979-05-27</c>.</summary>
    LocalDate,

    /// <summary>Time only: <c>07:32:00</c>.</summary>
    LocalTime,
}

/// <summary>
/// A TOML date/time value. Unlike <see cref="DateTimeOffset"/> it keeps the distinction between the
/// four TOML kinds and the number of fractional-second digits written, so values re-encode as written.
/// Precision finer than 100 ns is truncated, as the TOML specification allows.
/// </summary>
public readonly struct TomlDateTime : IEquatable<TomlDateTime>
{
    /// <summary>
    /// Creates a value. <paramref name="fractionDigits"/> is how many fractional-second digits to print (0 to 7);
    /// it is raised to what <paramref name="time"/> needs, so no precision is ever lost in printing.
    /// </summary>
    public TomlDateTime(TomlDateTimeKind kind, DateOnly date, TimeOnly time, int offsetMinutes = 0, int fractionDigits = 0)
    {
        if (offsetMinutes is < -1439 or > 1439)
        {
            throw new ArgumentOutOfRangeException(nameof(offsetMinutes), offsetMinutes, "a UTC offset is between -23:59 and +23:59");
        }

        Kind = kind;
        Date = kind == TomlDateTimeKind.LocalTime ? default : date;
        Time = kind == TomlDateTimeKind.LocalDate ? default : time;
        OffsetMinutes = kind == TomlDateTimeKind.OffsetDateTime ? offsetMinutes : 0;
        FractionDigits = kind == TomlDateTimeKind.LocalDate ? 0 : Math.Max(Math.Clamp(fractionDigits, 0, 7), DigitsNeeded(time));
    }

    /// <summary>Which of the four TOML kinds this is.</summary>
    public TomlDateTimeKind Kind { get; }

    /// <summary>The date part (default for <see cref="TomlDateTimeKind.LocalTime"/>).</summary>
    public DateOnly Date { get; }

    /// <summary>The time part (default for <see cref="TomlDateTimeKind.LocalDate"/>).</summary>
    public TimeOnly Time { get; }

    /// <summary>The UTC offset in minutes (only meaningful for <see cref="TomlDateTimeKind.OffsetDateTime"/>).</summary>
    public int OffsetMinutes { get; }

    /// <summary>Fractional-second digits to print.</summary>
    public int FractionDigits { get; }

    /// <summary>The value as a <see cref="DateTimeOffset"/>; local kinds are taken as UTC.</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        new(Date.ToDateTime(Time), TimeSpan.FromMinutes(OffsetMinutes));

    /// <summary>Creates an offset date-time from a <see cref="DateTimeOffset"/>.</summary>
    public static TomlDateTime FromDateTimeOffset(DateTimeOffset value) =>
        new(TomlDateTimeKind.OffsetDateTime, DateOnly.FromDateTime(value.DateTime), TimeOnly.FromDateTime(value.DateTime), (int)value.Offset.TotalMinutes);

    /// <summary>Fewest fractional digits (0, 3, 6 or 7) that print <paramref name="time"/> exactly.</summary>
    private static int DigitsNeeded(TimeOnly time)
    {
        var ticks = time.Ticks % TimeSpan.TicksPerSecond;
        return ticks == 0 ? 0 : ticks % TimeSpan.TicksPerMillisecond == 0 ? 3 : ticks % 10 == 0 ? 6 : 7;
    }

    /// <summary>RFC 3339 text with <c>T</c> and upper-case <c>Z</c>, as TOML writes it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(35);
        if (Kind != TomlDateTimeKind.LocalTime)
        {
            sb.Append(Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (Kind == TomlDateTimeKind.LocalDate)
        {
            return sb.ToString();
        }

        if (Kind != TomlDateTimeKind.LocalTime)
        {
            sb.Append('T');
        }

        sb.Append(Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        if (FractionDigits > 0)
        {
            var fraction = (Time.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture);
            sb.Append('.').Append(fraction, 0, FractionDigits);
        }

        if (Kind == TomlDateTimeKind.OffsetDateTime)
        {
            if (OffsetMinutes == 0)
            {
                sb.Append('Z');
            }
            else
            {
                var abs = Math.Abs(OffsetMinutes);
                sb.Append(OffsetMinutes < 0 ? '-' : '+')
                  .Append((abs / 60).ToString("D2", CultureInfo.InvariantCulture)).Append(':')
                  .Append((abs % 60).ToString("D2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Values are equal when kind, date, time and offset agree; printed precision is not compared.</summary>
    public bool Equals(TomlDateTime other) =>
        Kind == other.Kind && Date == other.Date && Time == other.Time && OffsetMinutes == other.OffsetMinutes;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TomlDateTime other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Date, Time, OffsetMinutes);

    /// <summary>Equality operator.</summary>
    public static bool operator ==(TomlDateTime left, TomlDateTime right) => left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(TomlDateTime left, TomlDateTime right) => !left.Equals(right);
}
