using Xunit;

// Each test class starts two MariaDB servers and Azurite; on a small machine, one class at a time keeps them responsive.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
