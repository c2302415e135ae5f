// The whole program of the fresh project that references the CellGen package: it prints the workload's numbers.
System.Console.Write(PackageConsumer.Workload.Run());
