set terminal pngcairo size 900,600 noenhanced font 'sans,10'
set output '/work/main/experiments/vant/results/fig2_quick.png'
set title "VANT Fig. 2: NT models vs sigma_test (LeNet-5-N / Fashion-MNIST, scale quick)"
set xlabel 'sigma_test'
set ylabel 'test accuracy (%)'
set datafile missing 'NaN'
set grid
set key outside top right
plot '/work/main/experiments/vant/results/fig2_quick.png.dat' index 0 using 1:2 with linespoints pointtype 7 pointsize 0.6 linewidth 1 title 'NT 0.1', '' index 1 using 1:2 with linespoints pointtype 7 pointsize 0.6 linewidth 1 title 'NT 0.5', '' index 2 using 1:2 with linespoints pointtype 7 pointsize 0.6 linewidth 1 title 'NT 0.9', '' index 3 using 1:2 with linespoints pointtype 7 pointsize 0.6 linewidth 1 title 'NT 1.3', '' index 4 using 1:2 with linespoints pointtype 7 pointsize 0.6 linewidth 1 title 'NT 1.7', '' index 5 using 1:2 with linespoints pointtype 7 pointsize 0.6 linewidth 1 title 'NT 2.1', '' index 6 using 1:2 with linespoints pointtype 7 pointsize 0.6 linewidth 1 title 'NT 3.0', '' index 7 using 1:2 with linespoints pointtype 7 pointsize 0.6 linewidth 1 title 'clean', '' index 8 using 1:2 with linespoints pointtype 7 pointsize 0.6 dashtype 2 linewidth 2 title 'upper bound (matched)'
