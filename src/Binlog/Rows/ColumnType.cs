namespace Serverless.Binlog.Rows;

/// <summary>Column types as table map events name them (MySQL <c>enum_field_types</c>; shared reference §2.2).</summary>
public enum ColumnType : byte
{
    /// <summary>Old-style DECIMAL (pre-5.0; not written by current servers).</summary>
    Decimal = 0,
    /// <summary>TINYINT, 1 byte.</summary>
    Tiny = 1,
    /// <summary>SMALLINT, 2 bytes.</summary>
    Short = 2,
    /// <summary>INT, 4 bytes.</summary>
    Long = 3,
    /// <summary>FLOAT, 4 bytes.</summary>
    Float = 4,
    /// <summary>DOUBLE, 8 bytes.</summary>
    Double = 5,
    /// <summary>NULL type.</summary>
    Null = 6,
    /// <summary>Old TIMESTAMP: 4-byte seconds.</summary>
    Timestamp = 7,
    /// <summary>BIGINT, 8 bytes.</summary>
    LongLong = 8,
    /// <summary>MEDIUMINT, 3 bytes.</summary>
    Int24 = 9,
    /// <summary>DATE, 3 bytes (day | month &lt;&lt; 5 | year &lt;&lt; 9).</summary>
    Date = 10,
    /// <summary>Old TIME, 3 bytes HHMMSS.</summary>
    Time = 11,
    /// <summary>Old DATETIME, 8 bytes YYYYMMDDHHMMSS.</summary>
    DateTime = 12,
    /// <summary>YEAR, 1 byte (year - 1900).</summary>
    Year = 13,
    /// <summary>NEWDATE (internal).</summary>
    NewDate = 14,
    /// <summary>VARCHAR / VARBINARY.</summary>
    VarChar = 15,
    /// <summary>BIT(n).</summary>
    Bit = 16,
    /// <summary>TIMESTAMP(fsp), big-endian seconds plus fraction.</summary>
    Timestamp2 = 17,
    /// <summary>DATETIME(fsp), packed big-endian plus fraction.</summary>
    DateTime2 = 18,
    /// <summary>TIME(fsp), packed big-endian plus fraction.</summary>
    Time2 = 19,
    /// <summary>MySQL JSON (binary JSON); MariaDB stores JSON as LONGTEXT.</summary>
    Json = 245,
    /// <summary>DECIMAL(p,s), packed.</summary>
    NewDecimal = 246,
    /// <summary>ENUM (in table maps it appears as STRING with the real type in the metadata).</summary>
    Enum = 247,
    /// <summary>SET (likewise).</summary>
    Set = 248,
    /// <summary>TINYBLOB / TINYTEXT.</summary>
    TinyBlob = 249,
    /// <summary>MEDIUMBLOB / MEDIUMTEXT.</summary>
    MediumBlob = 250,
    /// <summary>LONGBLOB / LONGTEXT.</summary>
    LongBlob = 251,
    /// <summary>BLOB / TEXT of any size (the metadata gives the length bytes).</summary>
    Blob = 252,
    /// <summary>VAR_STRING.</summary>
    VarString = 253,
    /// <summary>CHAR / BINARY, and ENUM and SET (the metadata tells).</summary>
    String = 254,
    /// <summary>GEOMETRY, stored like a BLOB.</summary>
    Geometry = 255,
}
