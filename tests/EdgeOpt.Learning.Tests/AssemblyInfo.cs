// TorchSharp trainings in different test classes ran in parallel and one failed intermittently inside libtorch
// ("Unknown scalar type" from a scalar multiply); until the cause is found, this project's tests run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
