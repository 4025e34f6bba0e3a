// Every test here starts servers and agents as processes; on a small machine they are steadier one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
