using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace VirtSriov.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC ticks so SQLite can order and range-filter it; reads back in UTC.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
