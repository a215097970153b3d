# Sourced by the mpirun tests and benchmarks: how Open MPI must run here.
# It refuses root unless told (CI runs as root); shared memory between ranks
# without ptrace (containers forbid the single-copy mechanism); more ranks
# than cores; threads of a rank may use every core (mpirun binds a rank to
# one by default).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_hwloc_base_binding_policy=none
