package calibrate_test

import (
	"fmt"

	"github.com/livemsg/livemsg/calibrate"
	"github.com/livemsg/livemsg/contract"
	"github.com/livemsg/livemsg/mock"
)

// An emulator that throttles and answers as a real account did: the
// calibration file livemsg calibrate wrote, read, checked and applied.
func ExampleFile_Emulator() {
	f, err := calibrate.Read("testdata/calibration.golden.yaml")
	if err != nil {
		panic(err)
	}
	c, err := f.Emulator() // refuses a fact the emulator cannot honour, saying why
	if err != nil {
		panic(err)
	}
	srv := mock.NewServer(mock.WithCalibration(c))
	defer srv.Close()
	op := contract.OpDeleteLiveMessageGroup
	fmt.Println(op, srv.QPS()[op], srv.Throttles()[op])
	// Output: DeleteLiveMessageGroup 37 token:burst=74
}
