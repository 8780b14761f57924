#!/usr/bin/env bash
# Cold start of the Lambda entry point, lean lambda.jar against the earlier all-in-one jar (see ColdStart.java).
# usage: function/benchmark/cold-start.sh RUNS [MODEL] [PHOTO]
# from the repository root, after ./mvnw -B package -DskipTests (which writes function/target/test-classpath.txt)
set -euo pipefail
cd "$(dirname "$0")/../.."
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$java" -cp "function/target/test-classes:$(cat function/target/test-classpath.txt)" ColdStart "$@"
