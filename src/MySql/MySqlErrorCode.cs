namespace Serverless.MySql;

/// <summary>Server error numbers the control plane reacts to.</summary>
public static class MySqlErrorCode
{
    public const int TooManyConnections = 1040;
    public const int DatabaseAccessDenied = 1044;
    public const int AccessDenied = 1045;
    public const int UnknownDatabase = 1049;
    public const int TableExists = 1050;
    public const int UnknownTable = 1051;
    public const int DuplicateKey = 1062;
    public const int ParseError = 1064;
    public const int NoSuchTable = 1146;

    /// <summary>ER_VIEW_INVALID: a view refers to tables, columns or functions that do not exist.</summary>
    public const int ViewInvalid = 1356;
    public const int LockWaitTimeout = 1205;
    public const int Deadlock = 1213;
    public const int QueryInterrupted = 1317;
    public const int UnknownSystemVariable = 1193;
    public const int SpecificAccessDenied = 1227;
    public const int PluginNotLoaded = 1524;
    public const int LoadDataLocalDisabled = 3948;
    public const int MariaDbLoadDataLocalDisabled = 4166;
}
