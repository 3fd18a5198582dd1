package postgres

// ListenerPIDForTest is the server process id of the listening connection,
// so that a test can terminate it.
func (s *Store) ListenerPIDForTest() uint32 { return s.lis.pid.Load() }

// SetSerializableForTest makes edits run as SERIALIZABLE transactions with
// retries instead of READ COMMITTED with a row lock, for the benchmark that
// compares the two.
func (s *Store) SetSerializableForTest(on bool) { s.serializable = on }

// RetriesForTest is the number of transactions tried again so far.
func (s *Store) RetriesForTest() int64 { return s.retries.Load() }
