#!/usr/bin/env bash
# Builds and runs the peer benchmarks, passing its arguments to BenchmarkDotNet:
#   bash bench/CellGen.Benchmarks.Peers/run.sh --filter '*'              # everything (long)
#   bash bench/CellGen.Benchmarks.Peers/run.sh --filter '*' --job dry    # smoke run: each benchmark once
#   bash bench/CellGen.Benchmarks.Peers/run.sh --filter '*LstmPeers*' --anyCategories Step
#
# TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and needs GLIBCXX_3.4.32, for one
# symbol only: std::ios_base_library_init(), which <iostream> references but never calls. Debian 12's libstdc++ stops
# at GLIBCXX_3.4.30, so the library does not load. After each build this script, on the build output's copy only
# (never the NuGet cache):
#   1. clears that symbol's version requirement (patchelf --clear-symbol-version);
#   2. marks the library's need of GLIBCXX_3.4.32 weak (native/weaken_version_need.cpp): the loader rejects a library
#      that needs a version its dependency lacks before it looks at any symbol, and step 1 leaves that need in place;
#      a missing weak version is no error;
#   3. preloads a one-function library that defines std::ios_base_library_init() (native/ios_base_init.cpp), so the
#      now-unversioned reference resolves should anything ever bind it.
# Steps 1-3 are idempotent. The benchmarks then run in this process (in-process toolchain, see Program.cs), which is
# what keeps the patched copy the one that is loaded. Needs g++ and patchelf.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/bin/Release/net10.0"
native="$here/obj/native"

command -v patchelf >/dev/null || { echo "run.sh: patchelf is missing (apt-get update && apt-get install -y patchelf; on a fresh machine the package lists are empty and install alone finds nothing)" >&2; exit 1; }
command -v g++ >/dev/null || { echo "run.sh: g++ is missing (apt-get update && apt-get install -y g++)" >&2; exit 1; }

dotnet build -c Release "$here/CellGen.Benchmarks.Peers.csproj" -nologo -v quiet

mkdir -p "$native"
g++ -shared -fPIC -O2 -o "$native/libios_base_init.so" "$here/native/ios_base_init.cpp"
g++ -O2 -o "$native/weaken_version_need" "$here/native/weaken_version_need.cpp"

torchsharp="$out/runtimes/linux-x64/native/libLibTorchSharp.so"
[[ -f "$torchsharp" ]] || { echo "run.sh: $torchsharp not found" >&2; exit 1; }
patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$torchsharp"
"$native/weaken_version_need" "$torchsharp" GLIBCXX_3.4.32 >/dev/null

cd "$here"
LD_PRELOAD="$native/libios_base_init.so${LD_PRELOAD:+:$LD_PRELOAD}" exec dotnet "$out/CellGen.Benchmarks.Peers.dll" "$@"
